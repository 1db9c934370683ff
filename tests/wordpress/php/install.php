<?php
// Installs WordPress into the empty database (run once, from the command line, by
// tests/wordpress/instance.py). The population comes after, in populate.php, which runs
// as an ordinary (installed) WordPress request.
define('WP_INSTALLING', true);
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

wp_install('Community Action Test Blog', 'admin', 'admin@example.test', true, '', 'test-password-1');

$options = array(
    'timezone_string' => 'Europe/London',
    'gmt_offset' => '',
    'date_format' => 'F j, Y',
    'time_format' => 'g:i a',
    'posts_per_page' => 10,
    'page_comments' => 1,
    'comments_per_page' => 20,
    'thread_comments' => 1,
    'thread_comments_depth' => 5,
    'default_comments_page' => 'newest',
    'comment_order' => 'asc',
    'blog_public' => 1,
    'permalink_structure' => '/%year%/%monthnum%/%postname%/',
);
foreach ($options as $name => $value) {
    update_option($name, $value);
}
echo "installed\n";
