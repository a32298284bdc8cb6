"""Rewrites the ARTIS shrimp extract of BACI HS12 2018 in BACI's own layout.

usage: python convert.py SOURCE_CSV > BACI_HS12_Y2018_Vartis.csv

ARTIS (Seafood-Globalization-Lab/artis-model) published BACI rows for six shrimp codes
with ISO3 names instead of BACI's numeric codes, summed by exporter x importer x hs6,
rows with missing quantity dropped. This script maps ISO3 back to BACI V202201 numeric
codes (TWN -> 490, BACI's code for Taiwan; ARTIS' NEI -> 899 "Areas, nes", an aggregate
chainlens excludes and counts) and writes `t,i,j,k,v,q` with v in thousands of USD, as
BACI ships it. Standard library only, so it runs anywhere.
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "..", "..", "data", "reference", "baci_country_codes_V202201.csv")


def main(source):
    codes = {"TWN": "490", "NEI": "899"}
    with open(TABLE, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            codes.setdefault(row["iso_3digit_alpha"], row["country_code"])
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["t", "i", "j", "k", "v", "q"])
    with open(source, encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: (int(codes[r["exporter_iso3c"]]), int(codes[r["importer_iso3c"]]), r["hs6"]))
    for r in rows:
        out.writerow([r["year"], codes[r["exporter_iso3c"]], codes[r["importer_iso3c"]], r["hs6"], r["total_v"], r["total_q"]])


if __name__ == "__main__":
    main(sys.argv[1])
