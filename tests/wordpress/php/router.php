<?php
// Router for PHP's built-in server: what Apache's WordPress rewrite rules do. Existing
// files (scripts, styles, wp-login.php) are served as they are; every other path goes to
// index.php, which resolves pretty permalinks, feeds, sitemaps and /wp-json/.
$ncia_path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$ncia_file = __DIR__ . $ncia_path;
if ($ncia_path !== '/' && is_file($ncia_file)) {
    return false;
}
if (is_dir($ncia_file) && is_file(rtrim($ncia_file, '/') . '/index.php')) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = __DIR__ . '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
require __DIR__ . '/index.php';
