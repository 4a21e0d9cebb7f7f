#!/usr/bin/env bash
# Creates a SoftHSM2 token holding a SAMPLE citizen's EDS key and certificate, for trying NPES with a PKCS#11 token
# and for its tests. The token lives in a folder of its own (its own SOFTHSM2_CONF and token directory): the
# machine's SoftHSM configuration and tokens are never read or touched.
#
#   tools/softhsm-token.sh --dir DIR [options]
#
# The key pair is generated ON the token (CKA_SENSITIVE true, CKA_EXTRACTABLE false: the private key never leaves
# it), or imported from a PKCS#12 file with --import. A generated key gets a certificate issued by the sample
# issuing CA (issuing-ca.p12 and issuing-ca.crt of --pki, `npes pki sample` writes them), made with openssl; the
# certificate is written onto the token with pkcs11-tool (opensc), under the key's CKA_ID and label.
# Needs softhsm2, opensc and openssl. Sample material only: the PINs below are public.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: tools/softhsm-token.sh --dir DIR [options]

  --dir DIR              folder of the token store (created; DIR/softhsm2.conf, DIR/tokens/)
  --label LABEL          token label, at most 32 bytes (default npes-citizen)
  --pin PIN              user PIN (default 123456)
  --so-pin PIN           security officer PIN (default 12345678)
  --key-label LABEL      label of the key and certificate objects (default citizen)
  --key-id HEX           CKA_ID of the key and certificate objects (default 01)
  --key-type ec|rsa      generated key: ECDSA P-256 (default) or RSA 2048
  --always-auth          the key asks for the PIN before every signature (CKA_ALWAYS_AUTHENTICATE)
  --no-certificate       put only the key pair on the token
  --add-key              add the key (and certificate) to the existing token LABEL instead of creating the token
  --pki DIR              sample PKI with issuing-ca.p12 / issuing-ca.crt (default: certs-sample of this repository)
  --pki-password PW      password of issuing-ca.p12 (default npes-demo)
  --surname TEXT         holder's surname (default Ковалёв)
  --given-names TEXT     holder's given names (default Андрей Павлович)
  --personal-number PN   holder's personal identification number (default 3150290A005PB4)
  --organisation NAME    issue to an organisation instead of a person ...
  --unp UNP              ... with this УНП (9 digits)
  --days N               certificate validity in days (default 365)
  --import FILE.p12      import the key and certificate of a PKCS#12 file instead of generating a key
  --import-password PW   password of that file (default npes-demo)
  --module PATH          SoftHSM2 module (default: found in the usual places)
EOF
}

die() { echo "softhsm-token: $*" >&2; exit 1; }

repo=$(cd "$(dirname "$0")/.." && pwd)
dir="" label="npes-citizen" pin="123456" so_pin="12345678" key_label="citizen" key_id="01" key_type="ec"
always_auth="" certificate="yes" add_key="" pki="$repo/certs-sample" pki_password="npes-demo"
surname="Ковалёв" given_names="Андрей Павлович" personal_number="3150290A005PB4" organisation="" unp="" days=365
import="" import_password="npes-demo" module=""

while (($# > 0)); do
  case "$1" in
    --dir) dir=${2:?}; shift 2 ;;
    --label) label=${2:?}; shift 2 ;;
    --pin) pin=${2:?}; shift 2 ;;
    --so-pin) so_pin=${2:?}; shift 2 ;;
    --key-label) key_label=${2:?}; shift 2 ;;
    --key-id) key_id=${2:?}; shift 2 ;;
    --key-type) key_type=${2:?}; shift 2 ;;
    --always-auth) always_auth="--always-auth"; shift ;;
    --no-certificate) certificate=""; shift ;;
    --add-key) add_key="yes"; shift ;;
    --pki) pki=${2:?}; shift 2 ;;
    --pki-password) pki_password=${2:?}; shift 2 ;;
    --surname) surname=${2:?}; shift 2 ;;
    --given-names) given_names=${2:?}; shift 2 ;;
    --personal-number) personal_number=${2:?}; shift 2 ;;
    --organisation) organisation=${2:?}; shift 2 ;;
    --unp) unp=${2:?}; shift 2 ;;
    --days) days=${2:?}; shift 2 ;;
    --import) import=${2:?}; shift 2 ;;
    --import-password) import_password=${2:?}; shift 2 ;;
    --module) module=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done

[ -n "$dir" ] || { usage >&2; die "--dir is required"; }
((${#label} > 0 && $(printf %s "$label" | wc -c) <= 32)) || die "the token label must be 1 to 32 bytes"
[[ "$key_id" =~ ^([0-9A-Fa-f]{2}){1,32}$ ]] || die "--key-id must be 1 to 32 bytes in hex"
[[ "$key_type" == ec || "$key_type" == rsa ]] || die "--key-type is ec or rsa"
[[ "$days" =~ ^[0-9]{1,5}$ ]] && ((days > 0)) || die "--days must be a positive number"
((${#pin} >= 4 && ${#so_pin} >= 4)) || die "SoftHSM2 PINs have at least 4 characters"
if [ -n "$organisation" ]; then
  [[ "$unp" =~ ^[0-9]{9}$ ]] || die "--organisation needs --unp with 9 digits"
else
  [[ "$personal_number" =~ ^[0-9]{7}[A-Z][0-9]{3}[A-Z]{2}[0-9]$ ]] || die "--personal-number is not a personal identification number (e.g. 3150290A005PB4)"
fi

for tool in softhsm2-util pkcs11-tool openssl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (Debian: apt-get install softhsm2 opensc openssl)"
done
if [ -z "$module" ]; then
  for candidate in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
                   /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
    if [ -f "$candidate" ]; then module=$candidate; break; fi
  done
fi
[ -n "$module" ] && [ -f "$module" ] || die "the SoftHSM2 module libsofthsm2.so was not found; give --module PATH"

mkdir -p "$dir/tokens"
dir=$(cd "$dir" && pwd)
chmod 700 "$dir" "$dir/tokens"
export SOFTHSM2_CONF="$dir/softhsm2.conf"
if [ ! -f "$SOFTHSM2_CONF" ]; then
  printf '%s\n' "directories.tokendir = $dir/tokens" "objectstore.backend = file" "log.level = ERROR" "slots.removable = false" >"$SOFTHSM2_CONF"
fi

exists=""
if softhsm2-util --show-slots 2>/dev/null | grep -Eq "^ +Label: +$(printf %s "$label" | sed 's/[][\.*^$/]/\\&/g') *$"; then
  exists="yes"
fi
if [ -n "$add_key" ]; then
  [ -n "$exists" ] || die "--add-key: there is no token labelled '$label' in $dir"
elif [ -n "$exists" ]; then
  die "a token labelled '$label' already exists in $dir"
fi

work=$(mktemp -d)
trap 'find "$work" -type f -exec shred -u {} + 2>/dev/null; rm -rf "$work"' EXIT
umask 077

[ -n "$add_key" ] || softhsm2-util --init-token --free --label "$label" --pin "$pin" --so-pin "$so_pin" >/dev/null
p11=(pkcs11-tool --module "$module" --token-label "$label" --login --pin "$pin")

if [ -n "$import" ]; then
  [ -f "$import" ] || die "no such file: $import"
  openssl pkcs12 -in "$import" -passin "pass:$import_password" -nocerts -nodes 2>/dev/null \
    | openssl pkey -out "$work/key.pem" 2>/dev/null || die "cannot read the key of $import (wrong password?)"
  openssl pkcs12 -in "$import" -passin "pass:$import_password" -clcerts -nokeys 2>/dev/null \
    | openssl x509 -outform DER -out "$work/cert.der" || die "cannot read the certificate of $import"
  softhsm2-util --import "$work/key.pem" --token "$label" --label "$key_label" --id "$key_id" --pin "$pin" >/dev/null
  "${p11[@]}" --write-object "$work/cert.der" --type cert --id "$key_id" --label "$key_label" >/dev/null 2>&1
  openssl x509 -inform DER -in "$work/cert.der" -out "$dir/$label-$key_id.crt"
  chmod 644 "$dir/$label-$key_id.crt"
else
  case "$key_type" in
    ec) spec="EC:prime256v1" ;;
    rsa) spec="rsa:2048" ;;
  esac
  # pkcs11-tool marks the private key sensitive and, without --extractable, not extractable.
  "${p11[@]}" --keypairgen --key-type "$spec" --id "$key_id" --label "$key_label" --usage-sign --sensitive $always_auth >/dev/null 2>&1 \
    || die "the token could not generate the $key_type key pair"
  if [ -n "$certificate" ]; then
    [ -f "$pki/issuing-ca.p12" ] && [ -f "$pki/issuing-ca.crt" ] || die "no sample issuing CA in $pki (npes pki sample --out $pki writes one)"
    "${p11[@]}" --read-object --type pubkey --id "$key_id" -o "$work/pub.der" >/dev/null 2>&1
    openssl pkey -pubin -inform DER -in "$work/pub.der" -out "$work/pub.pem"
    openssl pkcs12 -in "$pki/issuing-ca.p12" -passin "pass:$pki_password" -nocerts -nodes -out "$work/ca.key" 2>/dev/null \
      || die "cannot open $pki/issuing-ca.p12 (wrong --pki-password?)"
    if [ -n "$organisation" ]; then
      subject="/C=BY/O=$organisation/organizationIdentifier=VATBY-$unp/CN=$organisation"
    else
      subject="/C=BY/SN=$surname/GN=$given_names/serialNumber=$personal_number/CN=$surname $given_names"
    fi
    # openssl 3.0's `x509 -new` reads names as ASCII only: a request made with a throw-away key carries the UTF-8
    # name, and the certificate gets the token's public key instead (-force_pubkey).
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/name.key" 2>/dev/null
    openssl req -new -utf8 -key "$work/name.key" -subj "$subject" -out "$work/name.csr"
    printf '%s\n' "basicConstraints = CA:FALSE" "keyUsage = critical, digitalSignature, nonRepudiation" \
      "subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid:always" >"$work/ext.cnf"
    serial=$(openssl rand -hex 16)
    serial="4${serial:1}" # positive, 16 bytes, as the sample PKI's serials
    openssl x509 -req -in "$work/name.csr" -force_pubkey "$work/pub.pem" -CA "$pki/issuing-ca.crt" -CAkey "$work/ca.key" \
      -set_serial "0x$serial" -days "$days" -sha256 -extfile "$work/ext.cnf" -outform DER -out "$work/cert.der" 2>/dev/null
    "${p11[@]}" --write-object "$work/cert.der" --type cert --id "$key_id" --label "$key_label" >/dev/null 2>&1
    openssl x509 -inform DER -in "$work/cert.der" -out "$dir/$label-$key_id.crt"
    chmod 644 "$dir/$label-$key_id.crt"
  fi
fi

echo "token '$label' in $dir: key '$key_label' (id $key_id)$([ -f "$dir/$label-$key_id.crt" ] && echo ", certificate $dir/$label-$key_id.crt")"
echo "export SOFTHSM2_CONF=$SOFTHSM2_CONF"
echo "npes login --pkcs11 $module --token $label --key $key_label   # PIN $pin"
