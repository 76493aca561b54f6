#!/usr/bin/env python3
"""Checks docs/stack.schema.json against the fixtures: every fixture stack must
validate, and stacks with typical mistakes must not, so the schema editors use
stays true to what the loader accepts."""
import glob
import os
import sys

import jsonschema
import yaml

root = sys.argv[1]
schema = yaml.safe_load(open(os.path.join(root, "docs/stack.schema.json")))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)

failures = 0
stacks = sorted(glob.glob(os.path.join(root, "fixtures/*/*.yaml")))
# CloudFormation templates (short tags such as !Ref) are not stacks.
stacks = [s for s in stacks if "AWSTemplateFormatVersion" not in open(s).read()]
stacks = [s for s in stacks if yaml.safe_load(open(s)) and "region" in yaml.safe_load(open(s))]
for path in stacks:
    errors = list(validator.iter_errors(yaml.safe_load(open(path))))
    for e in errors:
        print(f"{path}: schema rejects {list(e.absolute_path)}: {e.message}")
    failures += bool(errors)

bad = {
    "unknown top-level key": "region: eu-north-1\nvpc: {cidr: 10.0.0.0/16}\ninstnces: {}\n",
    "subnet without az": "region: eu-north-1\nvpc: {cidr: 10.0.0.0/16}\nsubnets: {a: {cidr: 10.0.0.0/24}}\n",
    "rule without peer": "region: eu-north-1\nvpc: {cidr: 10.0.0.0/16}\nsecurity_groups: {a: {ingress: [{tcp: 22}]}}\n",
    "bad expectation": "region: eu-north-1\nvpc: {cidr: 10.0.0.0/16}\nexpect: ['a => b']\n",
}
for name, text in bad.items():
    if validator.is_valid(yaml.safe_load(text)):
        print(f"schema accepts a stack with {name}")
        failures += 1

print(f"{len(stacks) + len(bad) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
