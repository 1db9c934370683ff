<?php
// Populates the test WordPress deterministically (a fixed seed; fixed dates), with the
// shapes a real blog has and the traps a crawler must survive: several years of posts,
// categories and tags with spaces and ampersands, several authors, comments threaded to
// depth 4 (one post with enough to need comment pages), pending and spam comments, a
// pingback, a draft, a private and a scheduled post, a password-protected post, sticky
// posts, static pages, a post with comments closed, a post split by <!--nextpage-->,
// two posts with the same title. Strings marked MUST-NOT-LEAK are private: the tests
// check that they never reach the crawl's output.
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/user.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';

mt_srand(20120225);

function ncia_pick(array $items) {
    return $items[mt_rand(0, count($items) - 1)];
}

$words = explode(' ', 'community action local groups volunteers funding council ' .
    'independence campaign neighbourhood charity members meeting report network ' .
    'commissioning contracts grants austerity voice democracy solidarity activists ' .
    'tenants advice centre library closure protest petition coalition evidence');

function ncia_sentence(array $words, int $length): string {
    $picked = array();
    for ($i = 0; $i < $length; $i++) {
        $picked[] = ncia_pick($words);
    }
    return ucfirst(implode(' ', $picked)) . '.';
}

function ncia_paragraph(array $words): string {
    $sentences = array();
    $count = mt_rand(2, 4);
    for ($i = 0; $i < $count; $i++) {
        $sentences[] = ncia_sentence($words, mt_rand(6, 14));
    }
    return implode(' ', $sentences);
}

// Authors.
$authors = array();
foreach (array(
    array('ada', 'Ada Okafor'),
    array('sian', 'Siân Price-Jones'),
    array('tom', "Tom O'Brien"),
) as $author) {
    $authors[] = wp_insert_user(array(
        'user_login' => $author[0],
        'user_pass' => 'test-password-1',
        'user_email' => $author[0] . '@example.test',
        'display_name' => $author[1],
        'role' => 'author',
    ));
}

// Categories and tags.
$categories = array();
foreach (array('Community Action', 'Policy & Funding', 'Events', 'Voices from the Network') as $name) {
    $categories[] = wp_create_category($name);
}
$categories[] = 1;  // Uncategorized, created by the installer.
$tags = array('big society', 'arts & culture', 'localism', 'cuts', 'Q&A',
    'voluntary sector', 'co-production', 'health & care', 'independence');

$titles = array('Why local groups matter', "The council's new funding rules",
    'Notes from the regional meeting', 'Campaigning without a grant',
    'What "partnership" really means', 'A letter to our members', 'Closing the library',
    'Evidence from the front line', 'Tenants organise', 'Independence & accountability');

// Posts: 2009 to 2014, every 13 days or so, at varied times of day (so both GMT and
// British Summer Time dates occur).
$start = strtotime('2009-01-05 09:00:00 UTC');
$posts = array();
$post_count = 160;
for ($i = 0; $i < $post_count; $i++) {
    $timestamp = $start + $i * 13 * 86400 + mt_rand(0, 12) * 3600 + mt_rand(0, 59) * 60;
    $local = wp_date('Y-m-d H:i:s', $timestamp);
    $title = $titles[$i % count($titles)] . ' (' . ($i + 1) . ')';
    if ($i === 40 || $i === 90) {
        $title = 'Notes from the regional meeting';  // two posts with the same title
    }
    $paragraphs = array();
    $paragraph_count = mt_rand(2, 5);
    for ($p = 0; $p < $paragraph_count; $p++) {
        $paragraphs[] = ncia_paragraph($words);
    }
    if ($i % 7 === 3) {
        $paragraphs[] = 'Read the <a href="https://example.org/report-' . $i . '.pdf">full report</a> & tell us what you think.';
    }
    if ($i % 2 === 0) {
        // The block editor's markup.
        $content = implode("\n\n", array_map(function ($text) {
            return "<!-- wp:paragraph -->\n<p>" . $text . "</p>\n<!-- /wp:paragraph -->";
        }, $paragraphs));
    } else {
        // The classic editor's: paragraphs are blank-line separated, wpautop adds <p>.
        $content = implode("\n\n", $paragraphs);
    }
    if ($i === 25) {
        $content = $paragraphs[0] . "\n\n<!--more-->\n\n" . implode("\n\n", array_slice($paragraphs, 1));
    }
    if ($i === 60) {
        $content = "Page one of a long report. " . $paragraphs[0] .
            "\n\n<!--nextpage-->\n\nPage two of the report. " . $paragraphs[1] .
            "\n\n<!--nextpage-->\n\nPage three, the conclusions. " . ncia_paragraph($words);
    }
    $post_tags = array();
    $tag_total = mt_rand(0, 3);
    for ($t = 0; $t < $tag_total; $t++) {
        $post_tags[] = ncia_pick($tags);
    }
    $post_categories = array(ncia_pick($categories));
    if (mt_rand(0, 3) === 0) {
        $post_categories[] = ncia_pick($categories);
    }
    $args = array(
        'post_title' => $title,
        'post_content' => $content,
        'post_status' => 'publish',
        'post_author' => $authors[$i % count($authors)],
        'post_date' => $local,
        'post_category' => array_values(array_unique($post_categories)),
        'tags_input' => array_values(array_unique($post_tags)),
        'comment_status' => 'open',
    );
    if ($i === 70) {
        $args['post_password'] = 'open sesame';
        $args['post_content'] = 'PROTECTED-CONTENT-MUST-NOT-LEAK ' . $paragraphs[0];
    }
    $posts[$i] = wp_insert_post($args, true);
    if (is_wp_error($posts[$i])) {
        fwrite(STDERR, $posts[$i]->get_error_message() . "\n");
        exit(1);
    }
}

// Posts edited after publication: a modified date of their own (set in the database:
// WordPress would stamp an edit with the clock).
global $wpdb;
foreach (array(5, 50, 120) as $i) {
    $post = get_post($posts[$i]);
    $modified = wp_date('Y-m-d H:i:s', strtotime($post->post_date_gmt . ' UTC') + 40 * 86400);
    $wpdb->update($wpdb->posts, array(
        'post_modified' => $modified,
        'post_modified_gmt' => get_gmt_from_date($modified),
    ), array('ID' => $post->ID));
    clean_post_cache($post->ID);
}

stick_post($posts[12]);
stick_post($posts[100]);

// Private material.
wp_insert_post(array('post_title' => 'A draft: DRAFT-MUST-NOT-LEAK', 'post_content' => 'DRAFT-MUST-NOT-LEAK',
    'post_status' => 'draft', 'post_author' => $authors[0]));
wp_insert_post(array('post_title' => 'Members only: PRIVATE-MUST-NOT-LEAK', 'post_content' => 'PRIVATE-MUST-NOT-LEAK',
    'post_status' => 'private', 'post_author' => $authors[1], 'post_date' => '2013-05-01 10:00:00'));
wp_insert_post(array('post_title' => 'Scheduled: FUTURE-MUST-NOT-LEAK', 'post_content' => 'FUTURE-MUST-NOT-LEAK',
    'post_status' => 'future', 'post_author' => $authors[2], 'post_date' => '2035-01-01 10:00:00'));

// Static pages.
foreach (array('About us' => 'Who we are and what we do.', 'Contact' => 'Write to us at the address below.') as $title => $text) {
    wp_insert_post(array('post_title' => $title, 'post_content' => $text, 'post_status' => 'publish',
        'post_type' => 'page', 'post_author' => $authors[0]));
}

// Comments.
$commenters = array(
    array('James Derounian', 'http://www.example.org/james'),
    array('Penny Waterhouse', ''),
    array('Andy Benson', 'https://independentaction.example/andy'),
    array('Siobhán Ní Bhriain', ''),
    array('A Local Resident', ''),
    array('Dr. K. Mensah & Partners', 'http://example.net/km'),
);
$approved = 0;
function ncia_comment(int $post_id, int $parent, array $who, string $date, string $text, $status = 1, string $type = 'comment') {
    return wp_insert_comment(array(
        'comment_post_ID' => $post_id,
        'comment_parent' => $parent,
        'comment_author' => $who[0],
        'comment_author_email' => strtolower(preg_replace('/[^a-z]/i', '', $who[0])) . '@example.test',
        'comment_author_url' => $who[1],
        'comment_date' => $date,
        'comment_date_gmt' => get_gmt_from_date($date),
        'comment_content' => $text,
        'comment_approved' => $status,
        'comment_type' => $type,
    ));
}

foreach ($posts as $i => $post_id) {
    $post = get_post($post_id);
    $count = ($i === 33) ? 64 : mt_rand(0, 7);
    $thread = array();  // comment id => depth
    $when = strtotime($post->post_date_gmt . ' UTC');
    for ($c = 0; $c < $count; $c++) {
        $when += mt_rand(1, 30) * 3600 + mt_rand(0, 59) * 60;
        $parent = 0;
        if ($thread && mt_rand(0, 1) === 1) {
            $candidates = array_keys(array_filter($thread, function ($depth) { return $depth < 4; }));
            if ($candidates) {
                $parent = ncia_pick($candidates);
            }
        }
        if ($i === 33 && $c >= 1 && $c <= 3) {
            $parent = array_key_last($thread);  // a chain four deep
        }
        $text = ncia_paragraph($words);
        if ($c % 5 === 2) {
            $text .= "\n\nSecond thought: see https://example.org/evidence & the report.";
        }
        $id = ncia_comment($post_id, $parent, ncia_pick($commenters), wp_date('Y-m-d H:i:s', $when), $text);
        $thread[$id] = $parent ? $thread[$parent] + 1 : 1;
        $approved++;
    }
}

// Comments closed on a post that has some (in the database: wp_update_post would stamp
// the post modified now).
$wpdb->update($wpdb->posts, array('comment_status' => 'closed'), array('ID' => $posts[20]));
clean_post_cache($posts[20]);

// Comments that must never be published.
for ($k = 0; $k < 8; $k++) {
    $post_id = $posts[$k * 17];
    $date = wp_date('Y-m-d H:i:s', strtotime(get_post($post_id)->post_date_gmt . ' UTC') + 86400 * 3);
    ncia_comment($post_id, 0, array('Pending Person', ''), $date, 'PENDING-MUST-NOT-LEAK awaiting moderation', 0);
    ncia_comment($post_id, 0, array('Cheap Pills', 'http://spam.example/'), $date, 'SPAM-MUST-NOT-LEAK buy now', 'spam');
}
ncia_comment($posts[10], 0, array('Another Blog', 'http://blog.example/linking-post'),
    wp_date('Y-m-d H:i:s', strtotime(get_post($posts[10])->post_date_gmt . ' UTC') + 7200),
    '[&#8230;] a pingback excerpt [&#8230;]', 1, 'pingback');

// The installer's "Hello world!" post and its comment carry the install's own time: give
// them fixed dates, before every other post.
$wpdb->update($wpdb->posts, array('post_date' => '2008-12-01 10:00:00', 'post_date_gmt' => '2008-12-01 10:00:00',
    'post_modified' => '2008-12-01 10:00:00', 'post_modified_gmt' => '2008-12-01 10:00:00'), array('ID' => 1));
$wpdb->update($wpdb->comments, array('comment_date' => '2008-12-01 11:00:00', 'comment_date_gmt' => '2008-12-01 11:00:00'),
    array('comment_ID' => 1));
clean_post_cache(1);

echo "posts: " . count($posts) . ", approved comments: " . $approved . "\n";
