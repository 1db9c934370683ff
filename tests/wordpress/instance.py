"""A real WordPress for the tests: Debian's WordPress 6.1 on PHP's built-in server, with a
MariaDB server of its own, all on loopback and in one private folder.

`.ci/run` calls `python3 -m tests.wordpress.instance up` so that the database is
installed, populated and running before pytest starts; the tests' fixture calls the same
`up()`, which reuses a running instance and starts one otherwise (so the README's test
command also works alone). Each test configuration then gets its own PHP server over the
same database (`serve`), in the theme, permalink structure and REST API state it asks
for (see php/mu-plugins/ncia-test-switches.php).

Standard library only: `.ci/run` runs this before any virtual environment exists.

The packages come from `tests/wordpress/provision.sh`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
PHP_FILES = HERE / "php"
PACKAGES = Path(os.environ.get("NCIA_WP_PACKAGES", "/var/tmp/ncia-wordpress-packages"))
INSTANCE = Path(os.environ.get("NCIA_WP_DIR", "/var/tmp/ncia-wordpress"))
PRETTY_PERMALINKS = "/%year%/%monthnum%/%postname%/"
PERMALINKS = {"pretty": PRETTY_PERMALINKS, "postname": "/%postname%/", "plain": ""}
"""The permalink structures the tests serve, by name: date-based, the post name alone
(the most common on WordPress sites), and plain `?p=N`."""
THEMES = ("twentytwentyone", "twentytwentythree", "twentytwentytwo")


class Unavailable(RuntimeError):
    """What the real-WordPress tests need is not installed (run provision.sh)."""


def _population_version() -> str:
    """A digest of the scripts that build the database: a change rebuilds it."""
    digest = hashlib.sha256()
    for name in ("install.php", "populate.php"):
        digest.update((PHP_FILES / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class WordPress:
    folder: Path = INSTANCE
    packages: Path = PACKAGES

    @property
    def docroot(self) -> Path:
        return self.folder / "docroot"

    @property
    def datadir(self) -> Path:
        return self.folder / "mysql"

    @property
    def socket(self) -> Path:
        return self.folder / "mysqld.sock"

    @property
    def pid_file(self) -> Path:
        return self.folder / "mysqld.pid"

    @property
    def marker(self) -> Path:
        return self.folder / "populated"

    def check_installed(self) -> None:
        wanted = {
            "php": shutil.which("php"),
            "mariadbd": shutil.which("mariadbd") or _sbin("mariadbd"),
            "mariadb-install-db": shutil.which("mariadb-install-db"),
            "mariadb": shutil.which("mariadb"),
            "WordPress": (self.packages / "usr/share/wordpress/wp-settings.php").exists(),
        }
        missing = [name for name, found in wanted.items() if not found]
        if missing:
            raise Unavailable(
                f"not installed: {', '.join(missing)} (run tests/wordpress/provision.sh as root)"
            )

    # --- bring-up ------------------------------------------------------------------------

    def up(self) -> bool:
        """Install, start and populate the instance unless it is running and current.
        True when this call started the database (so the caller should stop it)."""
        self.check_installed()
        started = False
        if not self.database_running():
            self._prepare_docroot()
            self._start_database()
            started = True
        if self.marker.exists() and self.marker.read_text() == _population_version():
            return started
        self._populate()
        return started

    def down(self) -> None:
        if not self.pid_file.exists():
            return
        pid = int(self.pid_file.read_text().strip() or 0)
        if pid:
            try:
                os.kill(pid, 15)
            except ProcessLookupError:
                return
            for _ in range(100):
                if not _alive(pid):
                    break
                time.sleep(0.1)

    def database_running(self) -> bool:
        if not self.socket.exists():
            return False
        probe = subprocess.run(
            [*self._client(), "-e", "SELECT 1"], capture_output=True, text=True, check=False
        )
        return probe.returncode == 0

    def _prepare_docroot(self) -> None:
        source = self.packages / "usr/share/wordpress"
        if self.docroot.exists():
            shutil.rmtree(self.docroot)
        # Debian's wp-config.php reads /etc/wordpress; ours reads the environment instead.
        shutil.copytree(source, self.docroot, symlinks=True, ignore=_ignore_debian_config)
        self._install_php_files()

    def _install_php_files(self) -> None:
        for name in ("wp-config.php", "router.php", "install.php", "populate.php"):
            shutil.copy(PHP_FILES / name, self.docroot / name)
        mu_plugins = self.docroot / "wp-content/mu-plugins"
        mu_plugins.mkdir(parents=True, exist_ok=True)
        for plugin in (PHP_FILES / "mu-plugins").glob("*.php"):
            shutil.copy(plugin, mu_plugins / plugin.name)

    def _start_database(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # A fresh database each time it starts: the population is deterministic, and a
        # data folder left by a killed server is not worth repairing.
        if self.datadir.exists():
            shutil.rmtree(self.datadir)
        self.marker.unlink(missing_ok=True)
        user = ["--user=root"] if os.geteuid() == 0 else []
        subprocess.run(
            [
                "mariadb-install-db",
                "--no-defaults",
                f"--datadir={self.datadir}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                *user,
            ],
            check=True,
            capture_output=True,
        )
        mariadbd = shutil.which("mariadbd") or _sbin("mariadbd")
        log = open(self.folder / "mysqld.log", "ab")  # noqa: SIM115 - the server keeps it
        subprocess.Popen(
            [
                str(mariadbd),
                "--no-defaults",
                f"--datadir={self.datadir}",
                f"--socket={self.socket}",
                f"--pid-file={self.pid_file}",
                # No port at all: PHP and the tests talk to it through the socket.
                "--skip-networking",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=128M",
                "--innodb-flush-log-at-trx-commit=0",
                *user,
            ],
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while not self.database_running():
            if time.monotonic() > deadline:
                raise RuntimeError(f"MariaDB did not start; see {self.folder / 'mysqld.log'}")
            time.sleep(0.2)
        self.sql("CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4")

    def _populate(self) -> None:
        self._install_php_files()
        self.sql("DROP DATABASE IF EXISTS wordpress")
        self.sql("CREATE DATABASE wordpress CHARACTER SET utf8mb4")
        for script in ("install.php", "populate.php"):
            subprocess.run(
                ["php", str(self.docroot / script)],
                env=self._php_environment(),
                check=True,
                capture_output=True,
                cwd=self.docroot,
            )
        self.marker.write_text(_population_version())

    # --- queries -----------------------------------------------------------------------

    def _client(self) -> list[str]:
        return ["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot"]

    def sql(self, statement: str) -> list[str]:
        """Run one statement; the rows, one tab-separated line each, without headers."""
        # Statements about databases run outside one; the rest inside `wordpress`.
        database = [] if "DATABASE" in statement else ["wordpress"]
        result = subprocess.run(
            [
                *self._client(),
                "--batch",
                "--raw",
                "--skip-column-names",
                *database,
                "-e",
                statement,
            ],
            capture_output=True,
            check=False,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"SQL failed: {statement[:80]}: {result.stderr.strip()}")
        return [line for line in result.stdout.split("\n") if line]

    # --- web servers -------------------------------------------------------------------

    def _php_environment(self, **switches: str) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "NCIA_WP_SOCKET": str(self.socket),
            **switches,
        }

    @contextmanager
    def serve(
        self,
        *,
        theme: str = "twentytwentyone",
        permalinks: str = PRETTY_PERMALINKS,
        api: bool = True,
    ) -> Iterator[str]:
        """A PHP server showing the site in one configuration; yields its base URL."""
        port = _free_port()
        environment = self._php_environment(
            NCIA_WP_THEME=theme,
            NCIA_WP_PERMALINKS=permalinks,
            NCIA_WP_API="on" if api else "off",
            # Workers so that the crawler's concurrent requests are served concurrently.
            PHP_CLI_SERVER_WORKERS="4",
        )
        log = open(self.folder / f"php-{port}.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [
                "php",
                "-S",
                f"127.0.0.1:{port}",
                "-t",
                str(self.docroot),
                str(self.docroot / "router.php"),
            ],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            _wait_for(url, server)
            yield url
        finally:
            # The server's workers (PHP_CLI_SERVER_WORKERS) share its process group.
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
            log.close()


def _ignore_debian_config(folder: str, names: list[str]) -> set[str]:
    return {".htaccess", "wp-config.php"} & set(names)


def _sbin(name: str) -> str | None:
    path = Path("/usr/sbin") / name
    return str(path) if path.exists() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the PHP server for {url} exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "robots.txt", timeout=5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the PHP server for {url} did not answer")


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m tests.wordpress.instance",
        description="The tests' real WordPress: start it (up), stop it (down), or serve it "
        "in one configuration until Ctrl-C (serve).",
    )
    parser.add_argument("command", choices=("up", "down", "serve"))
    parser.add_argument("--theme", choices=THEMES, default=THEMES[0])
    parser.add_argument("--permalinks", choices=tuple(PERMALINKS), default="pretty")
    parser.add_argument("--api", choices=("on", "off"), default="on")
    options = parser.parse_args(arguments)
    wordpress = WordPress()
    try:
        if options.command == "up":
            started = time.monotonic()
            wordpress.up()
            elapsed = time.monotonic() - started
            print(f"WordPress database up in {wordpress.folder} ({elapsed:.1f} s)")
        elif options.command == "down":
            wordpress.down()
        else:
            wordpress.up()
            structure = PERMALINKS[options.permalinks]
            with wordpress.serve(
                theme=options.theme, permalinks=structure, api=options.api == "on"
            ) as url:
                print(f"serving {url} (Ctrl-C to stop)", flush=True)
                while True:
                    time.sleep(3600)
    except Unavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
