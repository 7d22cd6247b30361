"""Shared by the layout tests of the core and of the plugin: finding a circle in an import graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["find_circle"]


def find_circle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One circle of the graph (``[a, b, a]``), or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None
