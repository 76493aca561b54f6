cat <<A <<B <<'C' <<-D
x
A
y
B
z
C
	w
D
docker run -p 99999999:1 -e X=$(curl http://169.254.169.254/) img
