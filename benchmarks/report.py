"""The table and the ratios that ``benchmarks/run.py`` prints (see its docstring)."""

from __future__ import annotations

NOT_AVAILABLE = "not available"


def ratios(results: dict, sizes: list[int]) -> dict:
    site = results["site"]
    low, high = str(sizes[0]), str(sizes[-1])
    found = {}

    def ms(n: str, route: str):
        item = site.get(n, {}).get(route, {})
        return item.get("median_ms") if item.get("available") else None

    def ratio(a, b):
        return round(a / b, 2) if a and b else None

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
    found["calendar.ics 304 / 200 at N=" + high] = ratio(
        ms(high, "calendar.ics, conditional GET (304)"), ms(high, "calendar.ics")
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
    lines.append("")
    lines.append("| core alone | median ms | |")
    lines.append("|---|---:|---|")
    for name, item in results["core"].items():
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
    fills = ", ".join(f"N={n:,}: {s:.1f} s" for n, s in results["fill_seconds"].items())
    lines.append("")
    lines.append(f"Filling the database: {fills}.")
    return "\n".join(lines)
