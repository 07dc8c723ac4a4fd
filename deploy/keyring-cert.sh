#!/usr/bin/env sh
# Creates the key-encryption certificate of the Data Protection key ring (a self-signed RSA
# certificate with its private key, as a .pfx) at $1, unless that file exists already.
# The .pfx password is $KEYRING_CERT_PASSWORD (empty when unset: then the file's permissions are
# its only protection). Give the nodes the same file and password as DataProtection:CertificatePath
# and DataProtection:CertificatePassword. With $KEYRING_CERT_UID set, the file is given to that user.
set -eu
pfx=${1:?usage: keyring-cert.sh path/to/keyring.pfx}
[ -s "$pfx" ] && exit 0
umask 077
dir=$(dirname "$pfx")
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj "/CN=CaucusRooms key ring" \
  -addext "keyUsage=critical,keyEncipherment,dataEncipherment" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
openssl pkcs12 -export -in "$tmp/cert.pem" -inkey "$tmp/key.pem" -out "$tmp/keyring.pfx" -passout "pass:${KEYRING_CERT_PASSWORD:-}"
[ -z "${KEYRING_CERT_UID:-}" ] || chown "$KEYRING_CERT_UID" "$tmp/keyring.pfx"
mv "$tmp/keyring.pfx" "$pfx"
echo "Created the key ring certificate $pfx"
