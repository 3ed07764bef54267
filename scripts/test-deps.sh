#!/usr/bin/env bash
# Every program the test suite starts, and the Debian package that brings it. `npm test` runs this
# first and `.ci/run` calls it too: as root (or with password-less sudo) it installs what is missing
# with apt-get, as Playwright's `install --with-deps` does; otherwise it prints the one command to run
# and stops, so a missing program is never mistaken for a failing test.
set -euo pipefail

# program (a command on PATH, or a path glob) -> Debian package
needs=(
	'/usr/bin/chromium chromium'              # Playwright e2e (Playwright cannot download its own browser here)
	'/usr/bin/firefox-esr firefox-esr'        # tests/firefox: the single offline file from file://
	'openssl openssl'                         # interop: verify, s_server/s_client, pkcs12, crl, ocsp
	'unzip unzip'                             # interop: zips unpacked as a user would, modes kept
	'/usr/lib/postgresql/*/bin/initdb postgresql' # interop: PostgreSQL clientcert=verify-full
	'keytool default-jre-headless'            # interop: the JDK reads PKCS#12 keystores
	'etcd etcd-server'                        # interop: a 3-member etcd cluster from the lab zip
	'etcdctl etcd-client'
	'shellcheck shellcheck'                   # every generated script passes shellcheck -S warning
	'/usr/sbin/nginx nginx-light'             # e2e: the hosted build behind the headers of docs/HOSTING.md; interop: nginx kit
	'/usr/sbin/haproxy haproxy'               # interop: HAProxy kit, OCSP stapling from <cert>.ocsp
	'redis-server redis-server'               # interop: Redis kit (tls-auth-clients yes)
	'redis-cli redis-tools'
	'/usr/sbin/mosquitto mosquitto'           # interop: Mosquitto kit (require_certificate true)
	'mosquitto_pub mosquitto-clients'
	'nats-server nats-server'                 # interop: NATS kit (tls verify)
	'python3 python3'                         # interop: the NATS kit's client, nats-ping.py (standard library only)
	'/usr/sbin/mariadbd mariadb-server'       # interop: MariaDB kit (REQUIRE X509)
	'mariadb mariadb-client'
	'/usr/sbin/rabbitmq-server rabbitmq-server' # interop: RabbitMQ kit (fail_if_no_peer_cert)
	'cfssl golang-cfssl'                      # interop: an online intermediate CA under the app's root
	'curl curl'                               # interop: client commands of the HTTP kits
)

missing=()
for entry in "${needs[@]}"; do
	program=${entry%% *}
	package=${entry##* }
	if [[ $program == /* ]]; then
		compgen -G "$program" >/dev/null && continue
	else
		command -v "$program" >/dev/null && continue
	fi
	[[ " ${missing[*]} " == *" $package "* ]] || missing+=("$package")
done

[ ${#missing[@]} -eq 0 ] && exit 0

install=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then
	sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
	sudo=(sudo)
else
	echo "The tests need these Debian packages: ${missing[*]}" >&2
	echo "Install them with:  sudo apt-get update && sudo ${install[*]}" >&2
	exit 1
fi
echo "Installing from Debian: ${missing[*]}"
"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${install[@]}"
