#!/usr/bin/env bash
# Installs what the real-WordPress tests need, without any system service:
# - PHP's command-line interpreter (its built-in web server serves WordPress), its
#   MySQL driver and the XML (sitemaps) and mbstring extensions WordPress uses;
# - MariaDB's server binary alone (mariadb-server-core has no service and no port of its
#   own) and its command-line client, which the tests use to read the ground truth;
# - WordPress 6.1 and its Twenty Twenty-One, Twenty Twenty-Two and Twenty Twenty-Three
#   themes from Debian, downloaded and unpacked into a private folder: installing the
#   `wordpress` package would pull in Apache and a web server listening on port 80.
# Usage: tests/wordpress/provision.sh [FOLDER]   (default: $NCIA_WP_PACKAGES or
# /var/tmp/ncia-wordpress-packages). Needs root for apt-get; safe to run again.
set -euo pipefail

folder=${1:-${NCIA_WP_PACKAGES:-/var/tmp/ncia-wordpress-packages}}
packages=(php-cli php-mysql php-xml php-mbstring mariadb-server-core mariadb-client-core)
wordpress_debs=(wordpress wordpress-theme-twentytwentyone wordpress-theme-twentytwentythree
    wordpress-theme-twentytwentytwo)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
        || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

themes="$folder/usr/share/wordpress/wp-content/themes"
if [ ! -f "$folder/usr/share/wordpress/wp-settings.php" ] || [ ! -d "$themes/twentytwentytwo" ]; then
    rm -rf "$folder/debs"
    mkdir -p "$folder/debs"
    # apt's sandbox user cannot write into a root-owned folder; download from a temp one.
    download=$(mktemp -d)
    chmod 777 "$download"
    (cd "$download" && apt-get download -q "${wordpress_debs[@]}" >/dev/null 2>&1)
    mv "$download"/*.deb "$folder/debs/"
    rmdir "$download"
    for deb in "$folder"/debs/*.deb; do
        dpkg-deb -x "$deb" "$folder"
    done
fi
echo "WordPress packages ready in $folder"
