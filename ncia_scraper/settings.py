"""Settings for ncia-scraper. Every default is chosen to be polite to a small charity's
server and safe under cron; override any of them with `-s NAME=VALUE`."""

from ncia_scraper.extensions.contact import user_agent

BOT_NAME = "ncia_scraper"
SPIDER_MODULES = ["ncia_scraper.spiders"]
NEWSPIDER_MODULE = "ncia_scraper.spiders"
# Our `crawl` command: arguments checked before any request, exit status from the outcome.
COMMANDS_MODULE = "ncia_scraper.commands"

# --- What we produce -------------------------------------------------------------------
OUTPUT_DIR = "output"
"""Where posts.jsonl, comments.jsonl and tweets.jsonl are written, with `runs/` (one
folder per run: its changes, manifest and log) and the lock of the running crawl."""
STATE_PATH = None
"""The state database (SQLite) that makes runs incremental; None: OUTPUT_DIR/state.sqlite."""
SITE_TIMEZONE = "Europe/London"
"""The blog's own timezone: times printed on its pages are read as local times there."""

ITEM_PIPELINES = {
    "ncia_scraper.pipelines.normalize.NormalizePipeline": 100,
    "ncia_scraper.pipelines.validate.ValidatePipeline": 200,
    "ncia_scraper.pipelines.deduplicate.DeduplicatePipeline": 300,
    "ncia_scraper.pipelines.write.JsonLinesWriterPipeline": 900,
}
EXTENSIONS = {
    "ncia_scraper.extensions.summary.RunSummary": 500,
    "ncia_scraper.extensions.backoff.Backoff": 510,
    # A redirect back to a fetched URL is dropped silently by Scrapy: report it as failed.
    "ncia_scraper.extensions.redirect_loops.RedirectLoops": 520,
    # Nothing listens to a telnet console or a remote-control endpoint under cron; an
    # open port on the machine is a cost without a use.
    "scrapy.extensions.telnet.TelnetConsole": None,
}
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- Politeness ------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
CONTACT_URL = "https://independentaction.net/"
"""Where site owners can reach whoever runs the crawl (an http(s) address; set it to your
own page): the User-Agent names it. See ncia_scraper/extensions/contact.py."""
USER_AGENT = user_agent(CONTACT_URL)
# Rebuilds USER_AGENT from a CONTACT_URL given with -s (an explicit -s USER_AGENT wins).
ADDONS = {"ncia_scraper.extensions.contact.ContactUserAgent": 0}
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# See ncia_scraper/extensions/backoff.py: a 429 or 5xx pauses every request to that server.
BACKOFF_HTTP_CODES = [429, 500, 502, 503, 504]
BACKOFF_MIN_DELAY = 5.0
BACKOFF_MAX_DELAY = 300.0
DOWNLOAD_TIMEOUT = 60
# A blog page is well under a megabyte; anything far larger is not a page we want.
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
# A feed, sitemap or API page above this is refused as it downloads (spiders/doors.py):
# a door is a convenience, never worth gigabytes.
DOOR_MAXSIZE = 10 * 1024 * 1024

DOWNLOADER_MIDDLEWARES = {
    "ncia_scraper.sources.live.LiveSourceMiddleware": 950,
    # Below HttpCompressionMiddleware (590), so it sees the decompressed body.
    "ncia_scraper.middlewares.charset.DefaultCharset": 120,
    # Before the offsite (50) and robots.txt (100) middlewares: a site URL becomes an
    # archive request (or an archived response) before they look at it.
    "ncia_scraper.sources.wayback.WaybackSourceMiddleware": 40,
    "ncia_scraper.sources.warc.WarcSourceMiddleware": 30,
    # Listing pages and feeds revalidated (If-None-Match/If-Modified-Since), a 304 read
    # as the stored page; below DownloaderStats (850), so it counts the 304's bytes.
    "ncia_scraper.middlewares.conditional.ConditionalRequests": 840,
}
CONDITIONAL_REQUESTS = True
"""Revalidate listing pages and feeds seen by earlier runs (ncia_scraper/middlewares/
conditional.py); their copies are stored beside the state, in <state name>.pages.sqlite."""
SPIDER_MIDDLEWARES = {
    "ncia_scraper.sources.stamp.CaptureStampMiddleware": 950,
}

# --- Archived sources (-a source=wayback|warc|auto) -------------------------------------
WAYBACK_BASE_URL = "https://web.archive.org"
"""The Wayback Machine (CDX at /cdx/search/cdx, captures at /web/…); a stand-in in tests."""
WAYBACK_CDX_PER_MINUTE = 20
"""CDX queries a minute at most (the archive enforces about 30)."""
WAYBACK_CAPTURES_PER_SECOND = 8
"""Capture downloads a second at most (the archive enforces about 10)."""
WAYBACK_CONCURRENCY = 2
"""Capture downloads in flight at once, at most."""
WAYBACK_CDX_PAGE_SIZE = 5000
"""Rows per CDX answer; larger results are paged with resume keys."""
WAYBACK_BACKOFF_DELAY = 60.0
"""Pause after a 429/503 from the archive that gives no Retry-After, in seconds."""

# --- Housekeeping ----------------------------------------------------------------------
LOG_LEVEL = "INFO"
# Duplicate tweets are dropped on every page that repeats the sidebar; that is expected.
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"
FEED_EXPORT_ENCODING = "utf-8"
