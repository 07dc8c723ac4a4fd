#!/usr/bin/env bash
# The topology of docker-compose.yml without Docker, from Debian packages, on loopback:
# one redis-server (deploy/redis.conf), two CaucusRooms nodes, nginx in front with sticky
# sessions (ip_hash). Everything it starts lives under $STATE_DIR and is stopped by "stop".
#
#   deploy/run-local.sh start     # then open http://127.0.0.1:$LB_PORT/
#   deploy/run-local.sh stop
#
# Needs: apt-get install redis-server nginx; the .NET 10 SDK (or SERVER_DLL of a published server).
# Settings (environment): STATE_DIR, REDIS_PORT, NODE1_PORT, NODE2_PORT, LB_PORT, SERVER_DLL,
# CAUCUS_MEDIATOR_PASSWORD (creates account "mediator"; otherwise the first node prints random
# passwords to $STATE_DIR/logs/node1.log), KEYRING_CERT and KEYRING_CERT_PASSWORD (the .pfx that
# encrypts the Data Protection key ring in Redis; when KEYRING_CERT is not given, one is created
# with openssl as $STATE_DIR/keyring/keyring.pfx and kept for the next start). The nodes run as
# Development because this loopback setup has no TLS; in production give nginx a certificate and
# see docker-compose.yml.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
STATE_DIR=${STATE_DIR:-/tmp/caucusrooms-local}
REDIS_PORT=${REDIS_PORT:-6390}
NODE1_PORT=${NODE1_PORT:-5081}
NODE2_PORT=${NODE2_PORT:-5082}
LB_PORT=${LB_PORT:-5080}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

# HTTP status line of GET $2 on 127.0.0.1:$1, without curl (bash's /dev/tcp).
status_of() {
  local line
  line=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && printf 'GET $2 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -1 <&3" 2>/dev/null) || return 1
  [[ $line == *" 200 "* ]]
}

# Waits (at most $3 tenths of a second) until GET $2 on port $1 answers 200.
wait_ready() {
  for ((i = 0; i < $3; i++)); do
    status_of "$1" "$2" && return 0
    sleep 0.1
  done
  echo "127.0.0.1:$1$2 did not become ready; logs are in $STATE_DIR/logs" >&2
  return 1
}

stop_pid() {
  local file=$STATE_DIR/$1.pid
  [[ -f $file ]] || return 0
  local pid; pid=$(cat "$file")
  if kill "$pid" 2>/dev/null; then
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

start() {
  mkdir -p "$STATE_DIR"/{redis,logs,nginx/tmp}
  [[ -x $REDIS_SERVER ]] || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 1; }
  [[ -x $NGINX ]] || { echo "nginx is missing: apt-get install nginx" >&2; exit 1; }

  "$REDIS_SERVER" "$here/redis.conf" --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$STATE_DIR/redis" \
    --daemonize yes --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/logs/redis.log"
  for ((i = 0; i < 100; i++)); do [[ -s $STATE_DIR/redis.pid ]] && redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

  local keyring=${KEYRING_CERT:-$STATE_DIR/keyring/keyring.pfx}
  if [[ -z ${KEYRING_CERT:-} ]]; then
    command -v openssl >/dev/null 2>&1 || { echo "openssl is missing (it creates the key ring certificate): apt-get install openssl, or set KEYRING_CERT" >&2; exit 1; }
    KEYRING_CERT_PASSWORD=${KEYRING_CERT_PASSWORD:-} "$here/keyring-cert.sh" "$keyring"
  fi
  [[ -s $keyring ]] || { echo "KEYRING_CERT $keyring is missing" >&2; exit 1; }

  local dll=${SERVER_DLL:-}
  if [[ -z $dll ]]; then
    dotnet publish "$root/src/CaucusRooms.Server" -c Release -o "$STATE_DIR/app" >"$STATE_DIR/logs/publish.log"
    dll=$STATE_DIR/app/CaucusRooms.Server.dll
  fi
  local n port
  for n in 1 2; do
    port=$([[ $n == 1 ]] && echo "$NODE1_PORT" || echo "$NODE2_PORT")
    (
      cd "$(dirname "$dll")"
      export ASPNETCORE_URLS=http://127.0.0.1:$port ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
      export ConnectionStrings__Redis=127.0.0.1:$REDIS_PORT
      # nginx on this machine is the one proxy whose X-Forwarded-For/-Proto the nodes believe.
      export Hosting__ForwardedHeaders__KnownProxies__0=127.0.0.1
      export DataProtection__CertificatePath=$keyring DataProtection__CertificatePassword=${KEYRING_CERT_PASSWORD:-}
      if [[ -n ${CAUCUS_MEDIATOR_PASSWORD:-} ]]; then
        export Bootstrap__Accounts__0__UserName=mediator Bootstrap__Accounts__0__Password=$CAUCUS_MEDIATOR_PASSWORD Bootstrap__Accounts__0__Role=Mediator
      fi
      exec nohup dotnet "$dll" >"$STATE_DIR/logs/node$n.log" 2>&1 </dev/null
    ) &
    echo $! >"$STATE_DIR/node$n.pid"
  done

  sed -e "s|server node1:8080;|server 127.0.0.1:$NODE1_PORT;|" -e "s|server node2:8080;|server 127.0.0.1:$NODE2_PORT;|" \
      -e "s|listen 80;|listen 127.0.0.1:$LB_PORT;|" \
      -e "s|^events {}|pid $STATE_DIR/nginx.pid;\nerror_log $STATE_DIR/logs/nginx-error.log;\nevents {}|" \
      -e "s|^http {|http {\n    access_log $STATE_DIR/logs/nginx-access.log;\n    client_body_temp_path $STATE_DIR/nginx/tmp/body;\n    proxy_temp_path $STATE_DIR/nginx/tmp/proxy;\n    fastcgi_temp_path $STATE_DIR/nginx/tmp/fastcgi;\n    uwsgi_temp_path $STATE_DIR/nginx/tmp/uwsgi;\n    scgi_temp_path $STATE_DIR/nginx/tmp/scgi;|" \
      "$here/nginx.conf" >"$STATE_DIR/nginx/nginx.conf"

  wait_ready "$NODE1_PORT" /readyz 600
  wait_ready "$NODE2_PORT" /readyz 600
  "$NGINX" -p "$STATE_DIR/nginx" -c "$STATE_DIR/nginx/nginx.conf" -e "$STATE_DIR/logs/nginx-error.log"
  wait_ready "$LB_PORT" /readyz 100
  echo "CaucusRooms: http://127.0.0.1:$LB_PORT/ (nodes on $NODE1_PORT and $NODE2_PORT, Redis on $REDIS_PORT, state in $STATE_DIR)"
}

stop() {
  stop_pid nginx
  stop_pid node1
  stop_pid node2
  stop_pid redis
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
