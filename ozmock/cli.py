"""`ozmock serve`, `ozmock proxy`, `ozmock drift`, `ozmock operations`, `ozmock scenarios`.

Every `serve` option is also read from `OZMOCK_<OPTION>` (`--state-file` -> `OZMOCK_STATE_FILE`),
generically over the parser, so an option added below gets its variable, its `--help` line with the
default and its one-line error without more code. A command line flag beats the environment.
Every mistake on the command line is one line on stderr and exit code 2.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import orjson

from . import (
    __version__,
    domain,  # noqa: F401  (registers the stateful handlers `operations` reports)
    schemas_diff,
)
from .catalog import data_dir, load_catalog
from .clock import parse_mode
from .contract import operations_on
from .lifecycle import api_date_of, parse_api_date
from .proxy import DEFAULT_UPSTREAM
from .proxy.cassettes import MATCH_RULES, CassetteError
from .proxy.drift import report_from_cassettes
from .server import run, run_proxy
from .store import StoreError, add_state_command, run_state_command

ENV_PREFIX = "OZMOCK_"
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


class CliError(Exception):
    """A mistake the user can fix; `main` prints it as one line and exits with 2."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: `ozmock serve: --port: invalid int value: 'x' (see --help)`."""

    def error(self, message: str):
        raise CliError(f"{self.prog}: {message} (see {self.prog} --help)")


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """`--help` shows each default, except where there is none or the help text names it already."""

    def _get_help_string(self, action: argparse.Action) -> str:
        if action.default in (None, False) or "default" in (action.help or ""):
            return action.help or ""
        return super()._get_help_string(action)


def clock_option(value: str) -> str:
    """`real`, `frozen` or a speed factor such as 60, checked here so the mistake is the flag's."""
    try:
        parse_mode(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def api_date_option(value: str) -> str:
    """A day as YYYY-MM-DD, checked here so the mistake is the flag's."""
    try:
        return parse_api_date(value).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def listen_options(server: argparse.ArgumentParser) -> None:
    """Where a server (`serve`, `proxy`) listens."""
    server.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for every interface)")
    server.add_argument("--port", type=int, default=8080, help="port to listen on (0: a free one)")


def operator_options(server: argparse.ArgumentParser) -> None:
    """Who may use a server's control API, and what its log looks like."""
    server.add_argument("--control-token", default=None,
                        help="token /__ozmock/* requires (Authorization: Bearer ...); generated and printed "
                             "when the host is not loopback and none is given")
    server.add_argument("--log-level", type=str.lower, choices=LOG_LEVELS, default="info",
                        help="least severe log records shown; the request log is at info")
    server.add_argument("--log-format", choices=("text", "json"), default="text",
                        help="text lines, or one JSON object per line for log collectors")


def serve_options(server: argparse.ArgumentParser) -> None:
    """The options of `ozmock serve`; each gets an OZMOCK_* variable (see `read_environment`)."""
    listen_options(server)
    server.add_argument("--scenario", default="default", help="scenario name (`ozmock scenarios`) or a YAML file")
    server.add_argument("--state-file", help="keep the world in this file across restarts")
    server.add_argument("--state-sync", choices=("normal", "full"), default="normal",
                        help="full: fsync each acknowledged write (survives power loss, costs the disk's fsync)")
    server.add_argument("--clock", type=clock_option, default=None,
                        help="real | frozen | a speed factor such as 60 "
                             "(default: the scenario's clock mode, else real)")
    server.add_argument("--seed", type=int, default=None,
                        help="seed of the world's generator (default: the scenario's)")
    server.add_argument("--legacy", choices=("serve", "reject"), default=None,
                        help="answer removed operations (serve) or refuse them like the live API (reject); "
                             "default: the scenario's setting")
    server.add_argument("--strict", action="store_true", help="validate every response against its schema")
    server.add_argument("--strict-requests", action="store_true",
                        help="refuse (400) what would only raise a contract warning (x-ozmock-warning)")
    server.add_argument("--no-rate-limit", action="store_true", help="turn the per-second rate limit off")
    server.add_argument("--no-journal", action="store_true",
                        help="keep no call journal (journal_size 0): for benchmarks; journal queries find nothing")
    server.add_argument("--push-allow", action="append", default=None, metavar="HOST|NETWORK",
                        help="a host name or network push may reach (repeat, or comma-separate); default any")
    server.add_argument("--api-date", type=api_date_option, default=None,
                        help="serve Ozon's contract as of this day, YYYY-MM-DD (default: the scenario's, else today)")
    server.add_argument("--replay", metavar="DIR", default=None,
                        help="answer calls recorded by `ozmock proxy --record DIR` first, then the world")
    server.add_argument("--replay-match", choices=MATCH_RULES, default="body",
                        help="which recorded call answers: same operation and normalized body, or operation only")
    operator_options(server)


def proxy_options(proxy: argparse.ArgumentParser) -> None:
    """The options of `ozmock proxy`; each gets an OZMOCK_* variable too."""
    proxy.add_argument("--upstream", default=DEFAULT_UPSTREAM, help="the live API the calls are forwarded to")
    listen_options(proxy)
    proxy.add_argument("--record", metavar="DIR", default=None,
                       help="save each call, masked, as a cassette in DIR (one JSON file per operation)")
    proxy.add_argument("--allow-writes", action="store_true",
                       help="forward calls that change the account (refused by default)")
    proxy.add_argument("--api-date", type=api_date_option, default=None,
                       help="compare with Ozon's contract as of this day, YYYY-MM-DD (default: today)")
    operator_options(proxy)


def build_parser(environ: Mapping[str, str] | None = None) -> Parser:
    """The command line; with `environ`, each command's OZMOCK_* variables are its defaults."""
    parser = Parser(prog="ozmock", description="A stateful fake of the Ozon Seller API.")
    parser.add_argument("--version", action="version", version=f"ozmock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    options = {"formatter_class": HelpFormatter}
    serve_options(commands.add_parser("serve", help="run the fake over HTTP", description=serve.__doc__, **options))
    listing = commands.add_parser("operations", help="list the served operations", description=operations.__doc__,
                                  **options)
    listing.add_argument("--api-date", type=api_date_option, default=None,
                         help="the contract as of this day, YYYY-MM-DD (default: today)")
    schemas = commands.add_parser("schemas", help="compare a spec file with the served contract",
                                  description=schemas_command.__doc__, **options)
    drift = schemas.add_subparsers(dest="schemas_command", required=True, parser_class=Parser).add_parser(
        "diff", help="operations added and removed, fields, required, enums and types changed", **options)
    drift.add_argument("spec", help="the newer OpenAPI file (e.g. Ozon's next release)")
    drift.add_argument("--base", help="compare with this older spec file instead of the served contract")
    proxy_options(commands.add_parser("proxy", help="forward calls to the live API and report where it differs "
                                      "from the contract", description=proxy.__doc__, **options))
    report = commands.add_parser("drift", help="the drift report of recorded calls, offline",
                                 description=drift.__doc__, **options)
    report.add_argument("--from", dest="from_dir", metavar="DIR", default=None,
                        help="the cassettes of `ozmock proxy --record DIR` (required)")
    report.add_argument("--format", choices=("markdown", "json"), default="markdown", help="the report's form")
    report.add_argument("--api-date", type=api_date_option, default=None,
                        help="compare with Ozon's contract as of this day, YYYY-MM-DD (default: today)")
    commands.add_parser("scenarios", help="list the bundled scenarios", description=scenarios.__doc__, **options)
    add_state_command(commands)
    for command in commands.choices.values():
        document_environment(command)
        read_environment(command, os.environ if environ is None else environ)
    return parser


def env_name(action: argparse.Action) -> str:
    return ENV_PREFIX + action.dest.upper()


def _env_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [action for action in parser._actions
            if action.option_strings and not isinstance(action, (argparse._HelpAction, argparse._VersionAction))]


def document_environment(parser: argparse.ArgumentParser) -> None:
    for action in _env_actions(parser):
        action.help = f"{action.help or ''} [env {env_name(action)}]".strip()


def read_environment(parser: argparse.ArgumentParser, environ: Mapping[str, str]) -> None:
    """OZMOCK_* variables become the options' defaults, checked as strictly as the flags."""
    for action in _env_actions(parser):
        name = env_name(action)
        if name in environ:
            action.default = _env_value(action, name, environ[name])


def _env_value(action: argparse.Action, name: str, raw: str):
    if action.nargs == 0:                  # an on/off flag
        word = raw.strip().lower()
        if word not in TRUE_WORDS + FALSE_WORDS:
            raise CliError(f"{name}={raw!r}: expected one of {', '.join(TRUE_WORDS + FALSE_WORDS[:-1])}")
        return (word in TRUE_WORDS) == (action.const is True)
    try:
        value = action.type(raw) if action.type else raw
    except argparse.ArgumentTypeError as error:
        raise CliError(f"{name}={raw!r}: {error}") from None
    except (TypeError, ValueError):
        raise CliError(f"{name}={raw!r}: expected {getattr(action.type, '__name__', 'a valid')} value") from None
    if action.choices is not None and value not in action.choices:
        raise CliError(f"{name}={raw!r}: choose from {', '.join(map(str, action.choices))}")
    return value


def serve(args: argparse.Namespace) -> int:
    """Run the fake Ozon Seller API over HTTP until interrupted."""
    return run(args)


def proxy(args: argparse.Namespace) -> int:
    """Forward each call, with the caller's own credentials, to the live API; report every difference
    of the requests and answers from ozmock's contract (request log, journal, GET /__ozmock/drift);
    refuse writes unless --allow-writes; with --record, keep the calls as masked cassettes."""
    return run_proxy(args)


def drift(args: argparse.Namespace) -> int:
    """The drift report of cassettes recorded by `ozmock proxy --record DIR`, without the network."""
    if not args.from_dir:
        raise CliError("drift: name the cassettes with --from DIR (or OZMOCK_FROM_DIR)")
    try:
        report = report_from_cassettes(Path(args.from_dir), load_catalog(), api_date_of(args.api_date))
    except CassetteError as error:
        raise CliError(f"drift: {error}") from None
    if args.format == "json":
        print(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2).decode())
    else:
        print(report.markdown(), end="")
    return 0


def operations(args: argparse.Namespace) -> int:
    """Every operation published on the day: method, path, fidelity (stateful | generated | obsolete),
    lifecycle."""
    for op in operations_on(load_catalog(), api_date_of(args.api_date)):
        print(f"{op['method']}\t{op['path']}\t{op['fidelity']}\t{op['lifecycle']}")
    return 0


def schemas_command(args: argparse.Namespace) -> int:
    """Contract drift: what a spec file adds, removes and changes against the served contract."""
    try:
        print("\n".join(schemas_diff.run(args.spec, args.base, load_catalog(), api_date_of(None))))
    except (OSError, ValueError) as error:
        raise CliError(f"schemas diff: {error}") from None
    return 0


def scenarios(args: argparse.Namespace) -> int:
    """The bundled scenarios, by name."""
    for path in sorted(data_dir("scenarios").glob("*.yaml")):
        print(path.stem)
    return 0


def state(args: argparse.Namespace) -> int:
    """Export, import or compact a saved-state store."""
    try:
        return run_state_command(args)
    except StoreError as error:
        raise CliError(str(error)) from None


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "serve": serve, "operations": operations, "scenarios": scenarios, "state": state,
    "schemas": schemas_command, "proxy": proxy, "drift": drift}


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    try:
        args = build_parser(environ).parse_args(argv)
        return COMMANDS[args.command](args)
    except CliError as error:
        print(error if str(error).startswith("ozmock") else f"ozmock: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (`ozmock operations | head`): stop quietly, and keep the interpreter's
        # final flush of stdout from raising again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
