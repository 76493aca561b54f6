#!/bin/bash
curl -u admin:hunter2 http://10.0.0.5/
curl -H "authorization: bearer hunter2x1" http://x/
cat > .env <<EOF
DATABASE_URL=postgres://u:hunter2@db/x
EOF
