"""A hand-sized dataset whose every view result is worked out by hand in the tests."""

import datetime as dt

import pandas as pd

W0, W1, W2, W3, W4 = (dt.date(2023, 6, 28), dt.date(2024, 6, 19), dt.date(2024, 6, 26), dt.date(2024, 7, 3),
                      dt.date(2024, 7, 10))
ACCOUNTS = {
    # key: (platform, account_id, province, city, level, sector)
    "A": ("weibo", "a", "浙江", "杭州", "municipal", "公安"),
    "B": ("weibo", "b", "山西", "太原", "county", "交通"),
    "C": ("wechat", "c", "浙江", "杭州", "municipal", "政府办公厅"),
    "D": ("douyin", "d", "中央", None, "national", "共青团"),
    "E": ("douyin", "e", "浙江", None, "provincial", "文旅"),
    "F": ("toutiao", "f", "山西", "太原", "county", "应急"),
}
NAMES = {"A": "平安杭州", "B": "太原交通", "C": "杭州发布", "D": "共青团中央", "E": "浙江文旅", "F": "太原应急"}
# (week, account): followers, posts, reads, likes, comments, shares
ROWS = {
    (W0, "A"): (100, 1, 10, 1, 0, 0), (W0, "C"): (50, 1, 5, 0, 0, 0), (W0, "F"): (10, 0, 0, 0, 0, 0),
    (W1, "A"): (1000, 5, 500, 50, 5, 2), (W1, "B"): (200, 0, 0, 0, 0, 0), (W1, "C"): (400, 3, 300, 30, 3, 3),
    (W1, "E"): (700, 2, 2000, 100, 10, 1), (W1, "F"): (10, 0, 0, 0, 0, 0),
    (W2, "A"): (1100, 4, 400, 40, 4, 4), (W2, "B"): (210, 0, 0, 0, 0, 0), (W2, "C"): (420, 2, 200, 20, 2, 2),
    (W2, "E"): (710, 0, 0, 0, 0, 0), (W2, "F"): (10, 0, 0, 0, 0, 0),
    (W3, "A"): (1200, 6, 600, 60, 6, 6), (W3, "B"): (220, 1, 10, 1, 0, 0), (W3, "C"): (440, 0, 0, 0, 0, 0),
    (W3, "D"): (5000, 10, 90000, 9000, 900, 90), (W3, "F"): (10, 0, 0, 0, 0, 0),
    (W4, "A"): (1300, 0, 0, 0, 0, 0), (W4, "B"): (230, 0, 0, 0, 0, 0), (W4, "C"): (460, 0, 0, 0, 0, 0),
    (W4, "D"): (5500, 8, 80000, 8000, 800, 80), (W4, "F"): (10, 0, 0, 0, 0, 0),
}
# WeChat's optional inputs for C in W1 (the other weeks leave them empty, so WCI is approximate there).
WECHAT_W1 = {"watching": 15, "headline_reads": 200, "max_reads": 150}
RENAMED_A = (W3, "杭州公安")  # A is renamed from W3 on


def frame() -> pd.DataFrame:
    rows = []
    for (week, key), (followers, posts, reads, likes, comments, shares) in ROWS.items():
        platform, account_id, province, city, level, sector = ACCOUNTS[key]
        name = RENAMED_A[1] if key == "A" and week >= RENAMED_A[0] else NAMES[key]
        extra = WECHAT_W1 if (key, week) == ("C", W1) else {}
        rows.append({"snapshot_date": week, "platform": platform, "account_id": account_id, "account_name": name,
                     "province": province, "city": city, "level": level, "sector": sector, "followers": followers,
                     "posts": posts, "reads": reads, "likes": likes, "comments": comments, "shares": shares,
                     "watching": extra.get("watching"), "headline_reads": extra.get("headline_reads"),
                     "max_reads": extra.get("max_reads")})
    df = pd.DataFrame(rows)
    for col in ("watching", "headline_reads", "max_reads"):
        df[col] = df[col].astype("Int64")
    return df
