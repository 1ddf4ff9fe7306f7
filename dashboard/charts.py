"""The dashboard's figures as chart data for ECharts (``static/js/dashboard-charts.js``): labels, series and, for
each bar or point, the address of the list behind it (a click opens it). Built from ``dashboard.statistics``'s rows,
no query here; the same rows fill the tables beside the charts."""

from projects.enums import Phase


def _point(value, url):
    return {"value": value, "url": url}


def _money(value):
    """元 → 万元, a number for the axis (the tables show the exact amounts)."""
    return float(round(value / 10_000, 2))


def chart_data(board) -> dict:
    years = [f"{c.year}年度" for c in board.calls]
    return {
        "cultivation": {
            "title": "培育登峰企业（G1）",
            "categories": years,
            "target": board.target,
            "series": [
                {
                    "name": "当年新增培育企业（家）",
                    "type": "bar",
                    "data": [_point(r.new_enterprises, r.url) for r in board.cultivation],
                },
                {
                    "name": "累计培育企业（家）",
                    "type": "line",
                    "data": [_point(r.cumulative, r.url) for r in board.cultivation],
                },
            ],
        },
        "phases": {
            "title": "各年度项目所处阶段",
            "categories": [p.label for p in Phase],
            "series": [
                {
                    "name": f"{row.year}年度",
                    "type": "bar",
                    "stack": "",
                    "data": [_point(cell.count, cell.url) for cell in row.cells],
                }
                for row in board.phases
            ],
        },
        "districts": _groups("各市、区申报与立项", board.districts),
        "industries": _groups("各产业集群/产业链申报与立项", board.industries),
        "money": {
            "title": "资金情况（万元）",
            "categories": years,
            "series": [
                {"name": name, "type": "bar", "data": [_point(_money(getattr(r, key)), r.url) for r in board.money]}
                for key, name in (
                    ("approved", "核定市级资金"),
                    ("committed", "已安排分期经费"),
                    ("disbursed", "已拨付"),
                    ("own_investment", "企业自筹投入"),
                )
            ],
        },
        "indicators": {
            "title": "立项企业指标：申报时与验收时",
            "categories": [r.label for r in board.indicators.rows],
            "series": [
                {
                    "name": "申报时",
                    "type": "bar",
                    "data": [_point(r.application, board.indicators.url) for r in board.indicators.rows],
                },
                {
                    "name": "验收时",
                    "type": "bar",
                    "data": [
                        _point(r.acceptance if r.acceptance is not None else 0, board.indicators.url)
                        for r in board.indicators.rows
                    ],
                },
            ],
        },
    }


def _groups(title, rows):
    return {
        "title": title,
        "categories": [r.name for r in rows],
        "horizontal": True,
        "series": [
            {"name": "申报项目", "type": "bar", "data": [_point(r.total, r.url) for r in rows]},
            {"name": "已立项", "type": "bar", "data": [_point(r.funded, r.funded_url) for r in rows]},
        ],
    }
