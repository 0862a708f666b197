"""Test oracle: import each fixture package and run SQLAlchemy's own
metadata.create_all against the database given for it.

Usage: /usr/bin/python3 create_all.py DIALECT JOB.json
JOB.json: {"root": "<folder holding the fixture packages>",
           "fixtures": [{"name": "basic", "url": "postgresql+psycopg2://..."}]}
Prints one JSON object: {"sqlalchemy": version, "results": {name: error or ""}}.

The test runs it with Debian's SQLAlchemy 1.4 (/usr/bin/python3) and with
SQLAlchemy 2.0 (tools/alembic/.sa2 on PYTHONPATH); fixtures written in the
2.0 style (mapped_column, DeclarativeBase) run on 2.0 only.
"""
import importlib
import json
import os
import sys
import traceback

import sqlalchemy as sa

DIALECT = sys.argv[1]

def metadatas(pkg):
    seen = []
    for mod in list(sys.modules.values()):
        if mod is None or not (mod.__name__ == pkg or mod.__name__.startswith(pkg + ".")):
            continue
        for v in list(vars(mod).values()):
            md = v if isinstance(v, sa.MetaData) else getattr(v, "metadata", None)
            if isinstance(md, sa.MetaData) and all(md is not s for s in seen):
                seen.append(md)
    return seen


def run(root, fx):
    name = fx["name"]
    folder = os.path.join(root, name)
    for f in sorted(os.listdir(folder)):
        if f.endswith(".py") and f != "__init__.py":
            importlib.import_module(name + "." + f[:-3])
    engine = sa.create_engine(fx["url"])
    try:
        mds = metadatas(name)
        with engine.begin() as conn:
            for md in mds:
                for s in sorted({t.schema for t in md.tables.values() if t.schema}):
                    conn.execute(sa.text('CREATE SCHEMA IF NOT EXISTS "%s"' % s))
        for md in mds:
            md.create_all(engine)
    finally:
        engine.dispose()


def main():
    job = json.load(open(sys.argv[2]))
    sys.path.insert(0, job["root"])
    out = {}
    for fx in job["fixtures"]:
        try:
            run(job["root"], fx)
            out[fx["name"]] = ""
        except Exception:
            out[fx["name"]] = traceback.format_exc()
    print(json.dumps({"sqlalchemy": sa.__version__, "results": out}))


main()
