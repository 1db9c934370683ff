<?php
// wp-config for the test WordPress: everything comes from the environment that
// tests/wordpress/instance.py gives the PHP server, so one docroot serves every
// configuration (theme, permalinks, REST API on or off) side by side.
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
// A Unix socket in the instance's private folder: the database listens on no port.
define('DB_HOST', 'localhost:' . getenv('NCIA_WP_SOCKET'));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$table_prefix = 'wp_';

// The address the site answers on: the PHP server's own, or a fixed name while the
// population script runs from the command line.
$ncia_host = isset($_SERVER['HTTP_HOST']) ? $_SERVER['HTTP_HOST'] : 'wordpress.test';
define('WP_HOME', 'http://' . $ncia_host);
define('WP_SITEURL', 'http://' . $ncia_host);

// Fixed keys: the site is a disposable test instance on loopback.
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT',
          'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $ncia_key) {
    define($ncia_key, 'ncia-scraper-test-' . $ncia_key);
}

// No traffic off the machine: no update checks, no oEmbed lookups, no cron pings.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', false);
define('WPMU_PLUGIN_DIR', __DIR__ . '/wp-content/mu-plugins');

if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
