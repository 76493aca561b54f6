#!/usr/bin/env python3
"""A live round trip through a real AWS API: starts moto_server on a free
loopback port, builds a small VPC with the real AWS CLI against it (VPC, two
subnets, an internet gateway, route tables, security groups that reference
each other, two instances), dumps it with the describe-* commands into an
aws_configs/ snapshot, and asserts awssim's answers on that snapshot.

usage: moto_snapshot_test.py AWSSIM WORKDIR
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def find(tool):
    """On PATH, or where pip put it under pyenv (CI's PATH may lack the shims)."""
    found = shutil.which(tool)
    if found:
        return found
    for candidate in (os.path.expanduser("~/.pyenv/shims/" + tool), "/root/.pyenv/shims/" + tool, "/usr/local/bin/" + tool):
        if os.access(candidate, os.X_OK):
            return candidate
    fail("%s is not installed: this test needs moto (pip install 'moto[server]') and the AWS CLI" % tool)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    awssim, work = sys.argv[1], sys.argv[2]
    moto, aws = find("moto_server"), find("aws")
    shutil.rmtree(work, ignore_errors=True)
    snap = os.path.join(work, "aws_configs", "us-east-1")
    os.makedirs(snap)
    port = free_port()
    endpoint = "http://127.0.0.1:%d" % port
    log = open(os.path.join(work, "moto.log"), "w")
    server = subprocess.Popen([moto, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT)
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
               AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except Exception:
                if server.poll() is not None:
                    fail("moto_server exited: see " + log.name)
                time.sleep(0.1)
        else:
            fail("moto_server did not answer on " + endpoint)

        def ec2(*args):
            r = subprocess.run([aws, "--endpoint-url", endpoint, "--output", "json", "ec2"] + list(args),
                               env=env, capture_output=True, text=True)
            if r.returncode != 0:
                fail("aws ec2 %s: %s" % (" ".join(args), r.stderr))
            return json.loads(r.stdout) if r.stdout.strip() else {}

        def tag(kind, name):
            return "ResourceType=%s,Tags=[{Key=Name,Value=%s}]" % (kind, name)

        vpc = ec2("create-vpc", "--cidr-block", "10.0.0.0/16", "--tag-specifications", tag("vpc", "shop"))["Vpc"]["VpcId"]
        public = ec2("create-subnet", "--vpc-id", vpc, "--cidr-block", "10.0.1.0/24", "--availability-zone", "us-east-1a",
                     "--tag-specifications", tag("subnet", "public"))["Subnet"]["SubnetId"]
        private = ec2("create-subnet", "--vpc-id", vpc, "--cidr-block", "10.0.2.0/24", "--availability-zone", "us-east-1b",
                      "--tag-specifications", tag("subnet", "private"))["Subnet"]["SubnetId"]
        igw = ec2("create-internet-gateway", "--tag-specifications", tag("internet-gateway", "igw"))["InternetGateway"]["InternetGatewayId"]
        ec2("attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc)
        rt = ec2("create-route-table", "--vpc-id", vpc, "--tag-specifications", tag("route-table", "public-rt"))["RouteTable"]["RouteTableId"]
        ec2("create-route", "--route-table-id", rt, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw)
        ec2("associate-route-table", "--route-table-id", rt, "--subnet-id", public)
        web = ec2("create-security-group", "--group-name", "web", "--description", "web tier", "--vpc-id", vpc)["GroupId"]
        db = ec2("create-security-group", "--group-name", "db", "--description", "database", "--vpc-id", vpc)["GroupId"]
        ec2("authorize-security-group-ingress", "--group-id", web, "--protocol", "tcp", "--port", "80", "--cidr", "0.0.0.0/0")
        ec2("authorize-security-group-ingress", "--group-id", db, "--ip-permissions",
            json.dumps([{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": web}]}]))
        ami = ec2("describe-images")["Images"][0]["ImageId"]
        ec2("run-instances", "--image-id", ami, "--instance-type", "t3.micro", "--subnet-id", public,
            "--security-group-ids", web, "--associate-public-ip-address", "--private-ip-address", "10.0.1.10",
            "--tag-specifications", tag("instance", "web"))
        ec2("run-instances", "--image-id", ami, "--instance-type", "t3.micro", "--subnet-id", private,
            "--security-group-ids", db, "--private-ip-address", "10.0.2.20", "--tag-specifications", tag("instance", "db"))

        # The dump, one file per describe command, as Batfish's collector writes it.
        for command, name in (("describe-vpcs", "Vpcs"), ("describe-subnets", "Subnets"),
                              ("describe-route-tables", "RouteTables"), ("describe-security-groups", "SecurityGroups"),
                              ("describe-network-acls", "NetworkAcls"), ("describe-instances", "Reservations"),
                              ("describe-internet-gateways", "InternetGateways"),
                              ("describe-network-interfaces", "NetworkInterfaces")):
            with open(os.path.join(snap, name + ".json"), "w") as f:
                json.dump(ec2(command), f, indent=1)
    finally:
        server.terminate()
        server.wait(timeout=10)

    def query(*args):
        r = subprocess.run([awssim, "query", work] + list(args) + ["--json"], capture_output=True, text=True)
        if r.returncode == 2:
            fail("awssim query %s: %s" % (" ".join(args), r.stderr))
        return r.returncode, json.loads(r.stdout)

    checks = [
        (("--from", "web", "--to", "db:5432"), 0, "ACCEPTED"),
        (("--from", "internet", "--to", "web:80"), 0, "ACCEPTED"),
        (("--from", "internet", "--to", "web:22"), 1, "DENIED_IN"),
        (("--from", "db", "--to", "web:80"), 0, "ACCEPTED"),
        (("--from", "web", "--to", "db:22"), 1, "DENIED_IN"),
        (("--from", "db", "--to", "8.8.8.8:443"), 1, "NO_ROUTE"),
        (("--from", "web", "--to", "8.8.8.8:443"), 0, "EXITS_NETWORK"),
    ]
    for args, code, disposition in checks:
        got_code, answer = query(*args)
        if got_code != code or answer["disposition"] != disposition:
            fail("query %s: expected exit %d %s, got exit %d %s" % (" ".join(args), code, disposition, got_code,
                                                                      answer["disposition"]))
    # The database's group admits web by group reference; the snapshot names it by tag.
    _, answer = query("--from", "web", "--to", "db:5432")
    if not any(h["kind"] == "security-group" and h["component"] == "db" for h in answer["forward"]):
        fail("the db security group does not decide web -> db:5432: %s" % answer["forward"])
    r = subprocess.run([awssim, "import", work, "-o", os.path.join(work, "stack.yaml")], capture_output=True, text=True)
    if r.returncode != 0:
        fail("awssim import: " + r.stderr)
    print("ok: moto on %s, %d answers checked" % (endpoint, len(checks) + 1))


if __name__ == "__main__":
    main()
