"""The table and the ratios that ``benchmarks/run.py`` prints (see its docstring)."""

from __future__ import annotations

NOT_AVAILABLE = "not available"
AFTER = ", first request after a publication"
BARE = "bare Wagtail page (floor)"
#: The issue's targets (#18): the first request after a publication <= 3x the
#: bare page; calendar.ics cold <= 0.5 s at N=2,000 and <= 1.5 s at N=10,000.
AFTER_TARGET = 3
AFTER_TARGETED = ("archive (first page)", "one year", "one speaker", "one theme")
CALENDAR_COLD_TARGETS = {"2000": 500, "10000": 1500}


def _ms(site: dict, n: str, route: str):
    item = site.get(n, {}).get(route, {})
    return item.get("median_ms") if item.get("available") else None


def _ratio(a, b):
    return round(a / b, 2) if a and b else None


def ratios(results: dict, sizes: list[int]) -> dict:
    site = results["site"]
    low, high = str(sizes[0]), str(sizes[-1])
    found = {}

    def ms(n: str, route: str):
        return _ms(site, n, route)

    ratio = _ratio

    for archive in ("archive (first page)", "archive (first page), cold cache"):
        label = "archive" if archive.endswith(")") else "cold archive"
        found[f"{label} N={high} / N={low} (target <= 1.5)"] = ratio(
            ms(high, archive), ms(low, archive)
        )
        for n in map(str, sizes):
            found[f"{label} / bare Wagtail page at N={n} (target <= 3)"] = ratio(
                ms(n, archive), ms(n, "bare Wagtail page (floor)")
            )
    if "2000" in site:
        found["naive archive / archive at N=2000 (target >= 50)"] = ratio(
            ms("2000", "naive tutorial archive"), ms("2000", archive)
        )
    for route in ("one year", "one speaker", "conversation page", "calendar.ics", "RSS feed"):
        found[f"{route} N={high} / N={low}"] = ratio(ms(high, route), ms(low, route))
    for route in ("archive (first page)", "conversation page", "calendar.ics"):
        found[f"{route} 304 / 200 at N={high}"] = ratio(
            ms(high, f"{route}, conditional GET (304)"), ms(high, route)
        )
    after = [r for r in site.get(low, {}) if r.endswith(AFTER)]
    for route in after:
        target = " (target <= 3)" if route.removesuffix(AFTER) in AFTER_TARGETED else ""
        for n in map(str, sizes):
            label = route.replace(", first request", "").replace("(first page), ", "")
            found[f"{label} / bare Wagtail page at N={n}{target}"] = ratio(
                ms(n, route), ms(n, BARE)
            )
    queries_constant = {}
    for route in site.get(low, {}):
        counts = {
            n: site[n][route].get("queries")
            for n in site
            if site[n].get(route, {}).get("available")
        }
        if route != "naive tutorial archive":
            queries_constant[route] = len(set(counts.values())) <= 1
    found["query counts equal at every N"] = queries_constant
    return found


def targets(results: dict, sizes: list[int]) -> list[dict]:
    """The issue's targets at each N measured: value, target, met (None: not measured)."""
    site = results["site"]
    found = []
    for n in map(str, sizes):
        for route in AFTER_TARGETED:
            value = _ratio(_ms(site, n, route + AFTER), _ms(site, n, BARE))
            found.append(
                {
                    "name": f"{route}{AFTER} / bare page, N={int(n):,}",
                    "value": value,
                    "target": f"<= {AFTER_TARGET}x",
                    "met": None if value is None else value <= AFTER_TARGET,
                }
            )
        if n in CALENDAR_COLD_TARGETS:
            value = _ms(site, n, "calendar.ics, cold cache")
            limit = CALENDAR_COLD_TARGETS[n]
            found.append(
                {
                    "name": f"calendar.ics, cold cache, N={int(n):,} (ms)",
                    "value": value,
                    "target": f"<= {limit} ms",
                    "met": None if value is None else value <= limit,
                }
            )
    return found


def _verdict(met) -> str:
    return "not measured" if met is None else ("met" if met else "MISSED")


def table(results: dict, sizes: list[int]) -> str:
    site = results["site"]
    routes = list(site[str(sizes[0])])
    for n in map(str, sizes):
        routes += [r for r in site[n] if r not in routes]
    head = "| route | " + " | ".join(f"N={n:,} ms | q" for n in sizes) + " |"
    rule = "|---|" + "---:|---:|" * len(sizes)
    lines = [head, rule]
    for route in routes:
        cells = []
        for n in map(str, sizes):
            item = site[n].get(route, {})
            if item.get("available"):
                cells += [f"{item['median_ms']:.2f}", str(item["queries"])]
            else:
                status = item.get("status", "")
                label = status if isinstance(status, str) and status else NOT_AVAILABLE
                cells += [label, "–"]
        lines.append(f"| {route} | " + " | ".join(cells) + " |")
    if results.get("core"):
        lines.append("")
        lines.append("| core alone | median ms | |")
        lines.append("|---|---:|---|")
    for name, item in (results.get("core") or {}).items():
        extra = ", ".join(f"{k}={v}" for k, v in item.items() if k != "median_ms" and v)
        lines.append(f"| {name} | {item['median_ms']:.2f} | {extra} |")
    if results.get("mail"):  # benchmarks/mail.py: the joining emails over local SMTP
        lines.append("")
        lines.append("| joining emails (local SMTP) | ms | |")
        lines.append("|---|---:|---|")
        for name, item in results["mail"].items():
            extra = ", ".join(f"{k}={v}" for k, v in item.items() if k != "median_ms" and v)
            lines.append(f"| {name} | {item['median_ms']:.1f} | {extra} |")
    lines.append("")
    lines.append("| ratio (one run) | value |")
    lines.append("|---|---|")
    for name, value in results["ratios"].items():
        if isinstance(value, dict):
            bad = [k for k, ok in value.items() if not ok]
            value = "yes" if not bad else "no: " + ", ".join(bad)
        lines.append(f"| {name} | {value} |")
    if results.get("targets"):
        lines.append("")
        lines.append("| target (issue #18) | value | target | |")
        lines.append("|---|---:|---|---|")
        for item in results["targets"]:
            value = "–" if item["value"] is None else item["value"]
            lines.append(
                f"| {item['name']} | {value} | {item['target']} | {_verdict(item['met'])} |"
            )
    if results.get("import"):  # benchmarks/import_bench.py, its own table
        lines.append("")
        lines.append(
            f"kindness_import (benchmarks/import_bench.py --sizes {results['import']['sizes']}):"
        )
        lines.append("")
        lines += ["    " + line for line in results["import"]["output"]]
    fills = ", ".join(f"N={n:,}: {s:.1f} s" for n, s in results["fill_seconds"].items())
    lines.append("")
    lines.append(f"Filling the database: {fills}.")
    return "\n".join(lines)


def compare(found: dict[str, dict]) -> str:
    """One table of the median ms of every database's pass, side by side, at each N."""
    names = list(found)
    sizes = sorted({int(n) for results in found.values() for n in results["site"]})
    head = "| route | " + " | ".join(f"N={n:,} {name}" for n in sizes for name in names) + " |"
    lines = ["## " + " vs ".join(r["machine"].get("database", k) for k, r in found.items()), ""]
    lines += [head, "|---|" + "---:|" * len(sizes) * len(names)]
    routes: list[str] = []
    for results in found.values():
        for rows in results["site"].values():
            routes += [route for route in rows if route not in routes]
    for route in routes:
        cells = []
        for n in map(str, sizes):
            for name in names:
                value = _ms(found[name]["site"], n, route)
                cells.append("–" if value is None else f"{value:.2f}")
        lines.append(f"| {route} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
