"""The plugin's side of contract warnings: the end-of-session summary (which tests relied on what),
and strict-requests mode from the command line, the ini file and the marker."""
from __future__ import annotations

TESTS = '''
import pytest

def test_lists_passes_without_limit(ozon_mock):
    with ozon_mock.client() as client:
        answer = client.post("/v1/pass/list", json={})
    print("STATUS", answer.status_code, answer.json().get("message", "-"))

@pytest.mark.ozon_scenario("default", strict_requests=True)
def test_marker_refuses(ozon_mock):
    with ozon_mock.client() as client:
        answer = client.post("/v1/pass/list", json={})
    assert answer.status_code == 400 and answer.json()["message"] == "limit: value is required"

def test_sends_everything(ozon_mock):
    with ozon_mock.client() as client:
        assert client.post("/v1/pass/list", json={"limit": 5}).status_code == 200
'''


def test_the_summary_lists_each_warning_and_the_tests_that_relied_on_it(pytester):
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*STATUS 200 -*", "*ozmock contract warnings*",
                                 "limit: value is required (read as its zero value): 1 test(s)",
                                 "*test_lists_passes_without_limit"])
    assert "test_sends_everything" not in result.stdout.str().split("ozmock contract warnings")[1]


def test_the_option_turns_every_warning_into_a_400(pytester):
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("-s", "--ozon-strict-requests", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*STATUS 400 limit: value is required*"])
    assert "ozmock contract warnings" not in result.stdout.str()


def test_the_ini_setting_turns_strict_requests_on(pytester):
    pytester.makeini("[pytest]\nozon_strict_requests = true\n")
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("-s", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*STATUS 400 limit: value is required*"])
