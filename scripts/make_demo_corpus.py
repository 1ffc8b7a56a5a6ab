"""Build the bundled demo corpus from the VIINA 2.0 extract in ../shared/data (ODbL v1.0).

Takes every VIINA headline of a few busy days (2022-02-24/25, 2022-08-09/10, 2023-10-17) and writes them
as sitroom JSON Lines records. Run once by a maintainer; the output is committed with the licence text.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

DAYS = {"20220224", "20220225", "20220809", "20220810", "20231017"}
SRC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev" / "viina_subset"
OUT = Path(__file__).resolve().parents[1] / "demo" / "corpus" / "viina_sample.jsonl"


def main() -> int:
    if not SRC.is_dir():
        print(f"{SRC} is absent: the demo corpus is built from ../shared/data", file=sys.stderr)
        return 1
    rows = []
    for path in sorted(SRC.glob("VIINA_20*_REBUILD.csv")):
        with path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r["date"] in DAYS and r["representative_text"].strip():
                    d = r["date"]
                    rows.append(
                        {
                            "id": f"viina-{r['event_id_1pd']}",
                            "text": r["representative_text"].strip(),
                            "published": f"{d[:4]}-{d[4:6]}-{d[6:]}",
                            "url": r["source_urls"].replace("|", " ").split()[0] if r["source_urls"].strip() else None,
                            "source": r["sources_matching"].split("|")[0] or None,
                        }
                    )
    rows.sort(key=lambda x: (x["published"], x["id"]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} records -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
