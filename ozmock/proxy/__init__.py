"""Holding ozmock against the live API: `ozmock proxy` forwards a seller's calls to Ozon and reports
where the real answers differ from the served contract (`drift.py`), refuses writes unless allowed
(`writes.py`), records cassettes (`cassettes.py`) that `ozmock serve --replay` answers and
`ozmock drift --from` reads offline; every body kept anywhere is masked first (`masking.py`)."""

DEFAULT_UPSTREAM = "https://api-seller.ozon.ru"
