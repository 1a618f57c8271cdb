"""The pytest plugin as a user meets it: options, ini settings, marker, failure reports, xdist."""
from __future__ import annotations

TESTS = '''
import pytest, requests

def test_scenario(ozon_mock):
    print("SCENARIO", ozon_mock.world.scenario, "STRICT", ozon_mock.world.settings.strict)

@pytest.mark.ozon_scenario("empty")
def test_marker_wins(ozon_mock):
    assert ozon_mock.world.scenario == "empty"
'''


def test_option_selects_the_scenario_and_strict_mode(pytester):
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("-s", "--ozon-scenario", "flaky", "--ozon-strict", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*SCENARIO flaky STRICT True*"])


def test_ini_selects_the_scenario(pytester):
    pytester.makeini("[pytest]\nozon_scenario = empty\nozon_strict = true\n")
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("-s")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*SCENARIO empty STRICT True*"])


def test_default_is_the_default_scenario_not_strict(pytester):
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("-s")
    result.stdout.fnmatch_lines(["*SCENARIO default STRICT False*"])


def test_report_header(pytester):
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("--ozon-scenario", "empty")
    result.stdout.fnmatch_lines(["ozmock *: scenario 'empty', strict off"])


def test_failing_test_shows_its_ozon_calls(pytester):
    pytester.makepyfile('''
        def test_forgets_to_import(ozon_mock):
            with ozon_mock.client() as client:
                client.post("/v1/roles", json={})
            ozon_mock.journal.assert_called("/v3/product/import")
    ''')
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*AssertionError: expected a call to /v3/product/import, found none*",
        "*#1 POST /v1/roles -> 200 (client 836, stateful)*",
        "*ozmock journal*",
    ])


def test_unknown_scenario_is_one_error_for_the_session(pytester):
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("--ozon-scenario", "no-such-shop")
    assert result.ret == 4                                  # a usage error: no test ran
    assert [line for line in result.stderr.lines if line] == [
        "ERROR: ozmock: --ozon-scenario / ozon_scenario: unknown scenario 'no-such-shop'; "
        "known: busy-shop, default, empty, flaky, quota-exhausted"]
    assert "passed" not in result.stdout.str() and "error" not in result.stdout.str()


def test_scenario_file_next_to_the_test(pytester):
    pytester.makefile(".yaml", shop="sellers:\n  - client_id: 77\n    api_keys: [k77]\n")
    pytester.makepyfile('''
        import pytest

        @pytest.mark.ozon_scenario("shop.yaml")
        def test_shop(ozon_mock, ozon_seller):
            assert ozon_seller.client_id == 77 and list(ozon_mock.sellers) == [77]
    ''')
    pytester.runpytest().assert_outcomes(passed=1)


def test_server_per_xdist_worker(pytester):
    pytester.makepyfile('''
        import os, pytest, requests

        @pytest.mark.parametrize("n", range(6))
        def test_server(ozon_server, ozon_seller, n):
            assert len(ozon_server.journal) == 0
            r = requests.post(ozon_server.base_url + "/v1/roles", json={}, headers=ozon_seller.headers, timeout=10)
            assert r.status_code == 200
            print("WORKER", os.environ.get("PYTEST_XDIST_WORKER"), ozon_server.base_url)
    ''')
    result = pytester.runpytest_subprocess("-n", "2", "-s", "-p", "xdist", timeout=300)
    result.assert_outcomes(passed=6)


def test_hypothesis_with_the_fixture(pytester):
    """Inside @given, reset the fake per example (a fixture is set up once per test)."""
    pytester.makepyfile('''
        from hypothesis import HealthCheck, given, settings, strategies as st

        @settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(st.integers(1, 5))
        def test_calls(ozon_mock, n):
            ozon_mock.reset()
            with ozon_mock.client() as client:
                for _ in range(n):
                    client.post("/v1/roles", json={})
            assert ozon_mock.journal.count("/v1/roles") == n
    ''')
    pytester.runpytest().assert_outcomes(passed=1)
