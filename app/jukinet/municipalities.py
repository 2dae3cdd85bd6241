"""Names of the municipalities the terminal exchanges Juki-net messages with, by 市町村コード.

The counter reads a peer by its name, with the code beside it (「白河市（072052）」). The
table holds the home municipality and the former municipalities the training data and the
simulated peers use (resources/demo/origins.tsv; a test keeps the two in step). A code not
in the table is shown as the bare code: a production terminal would load the national
table of 全国地方公共団体コード, which this project does not ship.
"""

from __future__ import annotations

from app.jukinet.messages import municipality_recipient

# 市町村コード (6 digits, with check digit) -> (prefecture, municipality).
MUNICIPALITY_NAMES: dict[str, tuple[str, str]] = {
    "011002": ("北海道", "札幌市"),
    "041009": ("宮城県", "仙台市"),
    "062014": ("山形県", "山形市"),
    "072010": ("福島県", "福島市"),
    "072028": ("福島県", "会津若松市"),
    "072036": ("福島県", "郡山市"),
    "072044": ("福島県", "いわき市"),
    "072052": ("福島県", "白河市"),
    "072079": ("福島県", "須賀川市"),
    "092011": ("栃木県", "宇都宮市"),
    "111007": ("埼玉県", "さいたま市"),
    "131041": ("東京都", "新宿区"),
    "131121": ("東京都", "世田谷区"),
    "141003": ("神奈川県", "横浜市"),
    "151009": ("新潟県", "新潟市"),
    "271004": ("大阪府", "大阪市"),
}


def municipality_name(code: str) -> str | None:
    """The municipality's name (「白河市」) for ``code``, or None when the table lacks it."""
    entry = MUNICIPALITY_NAMES.get(code)
    return None if entry is None else entry[1]


def municipality_label(code: str) -> str:
    """「白河市（072052）」 for a known code, the bare code otherwise."""
    name = municipality_name(code)
    return code if name is None else f"{name}（{code}）"


def recipient_municipality(recipient: str) -> str | None:
    """The 市町村コード of an outbox recipient ``muni:NNNNNN``; None for any other recipient."""
    prefix = municipality_recipient("")
    if not recipient.startswith(prefix):
        return None
    code = recipient[len(prefix) :]
    return code if len(code) == 6 and code.isdigit() else None
