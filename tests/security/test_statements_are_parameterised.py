"""No database statement in services/*/src is built from strings: values go in parameters.

Scans every `.execute(` / `.run(` / `.exec_driver_sql(` call (and `text(` inside one) whose
first argument is an f-string, a `%` or `+` on strings, or a `.format(` call — directly or
through a name assigned such a value in the same function (AST-based, no server needed).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CALLS = {"execute", "run", "exec_driver_sql", "execute_write", "execute_read", "query"}


def built(node: ast.AST, names: set[str]) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        sides = (node.left, node.right)
        if all(isinstance(side, ast.Constant) for side in sides):
            return False  # a literal split over lines
        return any(
            (isinstance(side, ast.Constant) and isinstance(side.value, str))
            or isinstance(side, ast.JoinedStr)
            or built(side, names)
            for side in sides
        )
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return True
        if isinstance(func, ast.Name) and func.id == "text" and node.args:
            return built(node.args[0], names)
    if isinstance(node, ast.Name):
        return node.id in names
    return False


def offences(tree: ast.AST) -> list[int]:
    found: list[int] = []
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for scope in [tree, *scopes]:
        names: set[str] = set()
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and built(node.value, names):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        for node in ast.walk(scope):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in CALLS
                and node.args
                and built(node.args[0], names)
            ):
                found.append(node.lineno)
    return sorted(set(found))


def test_the_scanner_catches_built_statements() -> None:
    bad = ast.parse(
        "def f(tx, conn, x):\n"
        "    tx.run(f'MATCH (n {{id: \"{x}\"}}) RETURN n')\n"
        "    conn.execute('SELECT * FROM t WHERE id = %s' % x)\n"
        "    q = 'DELETE FROM t WHERE id = {}'.format(x)\n"
        "    conn.execute(q)\n"
        "    conn.execute(text('SELECT ' + x))\n"
        "    tx.run('MATCH (n {id: $id}) RETURN n', id=x)\n"
    )
    assert offences(bad) == [2, 3, 5, 6]


def test_every_statement_in_the_services_is_parameterised() -> None:
    sources = sorted(ROOT.glob("services/*/src/**/*.py"))
    assert sources
    bad = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sources
        for line in offences(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not bad, f"statements built from strings (use parameters): {bad}"
