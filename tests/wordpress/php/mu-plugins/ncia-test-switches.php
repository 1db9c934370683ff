<?php
/*
 * Plugin Name: ncia-scraper test switches
 * Description: Lets each PHP server of the test instance show the same database in its
 * own configuration, chosen by environment variables: NCIA_WP_THEME (a theme folder),
 * NCIA_WP_PERMALINKS (a permalink structure; empty for plain ?p=N links) and
 * NCIA_WP_API ("off" turns the REST API off the way the common plugins do).
 */

$ncia_theme = getenv('NCIA_WP_THEME');
if ($ncia_theme) {
    add_filter('pre_option_template', function () use ($ncia_theme) { return $ncia_theme; });
    add_filter('pre_option_stylesheet', function () use ($ncia_theme) { return $ncia_theme; });
}

$ncia_permalinks = getenv('NCIA_WP_PERMALINKS');
if ($ncia_permalinks !== false) {
    add_filter('pre_option_permalink_structure', function () use ($ncia_permalinks) {
        return $ncia_permalinks;
    });
    // The stored rewrite rules belong to one structure; servers with another one rebuild
    // theirs on each request and never store them.
    add_filter('pre_option_rewrite_rules', '__return_empty_array');
    add_filter('pre_update_option_rewrite_rules', function ($value, $old) { return $old; }, 10, 2);
}

if (getenv('NCIA_WP_API') === 'off') {
    remove_action('wp_head', 'rest_output_link_wp_head', 10);
    remove_action('template_redirect', 'rest_output_link_header', 11);
    add_filter('rest_authentication_errors', function () {
        return new WP_Error('rest_disabled', 'The REST API is disabled on this site.',
            array('status' => 403));
    });
}
