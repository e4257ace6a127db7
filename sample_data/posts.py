"""Deterministic generator of the bundled sample posts (python sample_data/posts.py), from the bundled
snapshots: every post of every account in three weeks — the 抖音 seed week 2019-02-28~2019-03-06 and the
last two weeks of the sample (2026-06-11~2026-06-24).

What it models:
- each account-week's posts are exactly its snapshot's `posts` count, and their reads, likes, comments,
  shares (and WeChat's 在看) sum exactly to the snapshot's, so posts and snapshots agree; where the
  snapshot names its best article (单篇最高阅读, below WeChat's 10万+ cap) one post carries it and none more;
- the seed week's top ten 抖音 accounts therefore carry the works 清博 published for them: 240 works,
  浙有正能量's 34 summing to 4.7亿 plays, 2448万 likes, 84万 comments, 11万 shares;
- when government accounts post (mornings from 7 to 10, noon, evenings from 17 to 22, fewer at night
  and at weekends) and when posts do best (evening posts are read most), as a weight on each post's share
  of the week's reads; the share also varies by post (a few works carry a week, most get little);
- kinds by platform (抖音/快手/B站 videos and a few 直播, 微博 图文/图片/转发/视频, 微信 图文, 小红书 图片…),
  原创 for most WeChat and video works, durations for videos;
- Chinese titles and texts of the kinds government accounts publish, by sector (公安 anti-fraud and
  traffic safety, 消防, 文旅, 卫健, 教育, 应急, 气象, 税务…), with the account's own place in them;
- links on each platform's own domain; counts read at the week's end (`counted_at`); one post in fifty
  exported with its date only (time unknown).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from analytics.posts import schema  # noqa: E402

SEED = 20190307
WEEKS = (dt.date(2019, 3, 6), dt.date(2026, 6, 17), dt.date(2026, 6, 24))
CAP = 100_001
HOUR_POSTING = np.array([1, 0.5, 0.3, 0.2, 0.2, 0.4, 1.5, 4, 6, 6, 5, 4, 5, 3, 3, 3.5, 4, 5, 6, 7, 7.5, 6, 3.5, 2], float)
HOUR_READS = np.array([0.6, 0.5, 0.4, 0.4, 0.4, 0.5, 0.7, 0.9, 1.0, 1.0, 0.9, 0.9, 1.1, 1.0, 0.9, 0.9, 1.0, 1.1,
                       1.3, 1.5, 1.7, 1.6, 1.3, 0.9], float)
WEEKDAY_POSTING = np.array([1.1, 1.1, 1.1, 1.1, 1.0, 0.7, 0.6])
KINDS = {
    "douyin": (("video", 0.94), ("live", 0.04), ("image", 0.02)),
    "kuaishou": (("video", 0.93), ("live", 0.07)),
    "bilibili": (("video", 0.9), ("article", 0.1)),
    "weibo": (("article", 0.45), ("image", 0.25), ("repost", 0.18), ("video", 0.12)),
    "wechat": (("article", 0.95), ("video", 0.05)),
    "toutiao": (("article", 0.7), ("video", 0.25), ("image", 0.05)),
    "xiaohongshu": (("image", 0.7), ("video", 0.3)),
    "app": (("article", 0.9), ("video", 0.1)),
}
URLS = {"douyin": "https://www.douyin.com/video/{id}", "kuaishou": "https://www.kuaishou.com/short-video/{id}",
        "bilibili": "https://www.bilibili.com/video/{id}", "weibo": "https://weibo.com/detail/{id}",
        "wechat": "https://mp.weixin.qq.com/s/{id}", "toutiao": "https://www.toutiao.com/article/{id}/",
        "xiaohongshu": "https://www.xiaohongshu.com/explore/{id}", "app": "https://www.gov.cn/app/{id}"}
TOPICS = {
    "公安": ("反诈提醒：{place}警方提示，凡是要求转账到“安全账户”的都是诈骗",
             "{place}公安开展夏季治安打击整治行动，守护群众平安",
             "民警街头救助走失老人，暖心一幕刷屏",
             "防范电信网络诈骗，牢记“三不一多”",
             "{place}公安一网通办再提速，户籍业务跨省通办"),
    "消防": ("夏季消防安全提示：电动车不要进楼入户", "{place}消防救援队伍开展高温天气实战演练",
             "家庭火灾逃生指南，一定要收藏", "消防员的一天：出警、训练与守护"),
    "文旅": ("{place}非遗市集开市，邀您来逛", "暑期游{place}，这份文旅攻略请收好", "{place}文旅融合新场景上线",
             "跟着非物质文化遗产去旅行"),
    "卫健": ("高温天气防中暑，这些健康知识要知道", "{place}推进医疗保障便民服务，医保报销更方便",
             "家庭医生签约服务再扩面", "夏季食品安全提示：谨防细菌性食物中毒"),
    "教育": ("{place}义务教育招生政策解读", "防溺水安全教育，开学第一课提醒", "高校毕业生就业创业服务指南",
             "暑假安全提示致家长的一封信"),
    "应急": ("防汛救灾：{place}启动防汛四级应急响应", "安全生产月：守牢安全底线", "森林防火宣传进乡村",
             "应急管理知识：地震来了怎么办"),
    "气象": ("{place}发布高温橙色预警，注意防暑降温", "未来三天{place}有强降雨，请注意出行安全",
             "气象科普：什么是梅雨季", "今日天气：{place}多云转阵雨"),
    "税务": ("个人所得税汇算清缴温馨提示", "{place}税务优化营商环境，办税更便捷", "小微企业税费优惠政策解读",
             "社保费缴纳指南"),
    "市场监管": ("{place}市场监管部门开展食品安全抽检", "消费提示：理性消费，谨防预付卡陷阱",
                 "营商环境再优化，企业开办一日办结", "价格监督检查进商超"),
    "交通": ("{place}暑运出行提示", "文明交通，一盔一带安全常在", "{place}城市更新，道路改造进展通报",
             "公交线路调整公告"),
    "生态环境": ("{place}空气质量持续向好", "生态环境保护督察整改进展", "垃圾分类，从我做起", "河长制守护一江清水"),
    "共青团": ("青春献礼新时代，{place}青年志愿服务在行动", "团团带你看高质量发展", "为青春点赞！",
               "新时代文明实践，青年在行动"),
    "政法": ("平安建设：{place}基层治理新探索", "以案说法：电信网络诈骗的常见套路", "扫黑除恶常态化，守护一方平安"),
    "宣传网信": ("正能量！{place}好人好事", "{place}高质量发展成就巡礼", "网络文明，你我共建", "乡村振兴看{place}"),
    "人社": ("稳就业：{place}专场招聘会来了", "养老保险待遇调整解读", "社保卡一卡通用"),
    "政府办公厅": ("{place}政府常务会议研究部署重点项目建设", "{place}政务公开：重大行政决策征求意见",
                   "一网通办：{place}政务服务再升级", "政府工作报告重点任务进展",
                   "{place}推进乡村振兴，共同富裕示范区建设", "12345热线为民办实事"),
}
# What a week was about: early March 2019 the 两会 and the end of 春运, mid-June 2026 the 高考, 端午 and
# the flood season. Two posts in five take the week's topic.
SEASON = {
    dt.date(2019, 3, 6): ("聚焦全国两会：政府工作报告中的民生关键词", "两会代表委员热议高质量发展", "春运返程高峰，{place}交通出行提示",
                          "学雷锋纪念日：{place}志愿服务在行动", "元宵节平安提示"),
    dt.date(2026, 6, 17): ("高考护航：{place}全力保障考生平安应考", "端午假期出行提示", "高考志愿填报指南", "防汛备汛：{place}进入主汛期"),
    dt.date(2026, 6, 24): ("入汛以来最强降雨来袭，{place}启动防汛应急响应", "端午安康：{place}民俗活动精彩纷呈",
                           "高考成绩查询及志愿填报时间公布", "十五五规划建议征求意见", "防汛救灾一线的坚守"),
}
SENTENCES = ("近日，{agency}召开专题会议，研究部署相关工作。", "请广大市民朋友相互转告，共同关注。",
             "{place}持续深化放管服改革，优化营商环境。", "为进一步做好政务公开工作，现将有关事项公告如下。",
             "政务新媒体是联系服务群众的重要渠道。", "欢迎通过12345热线反映问题、提出建议。",
             "下一步，我们将坚持以人民为中心，推动高质量发展。", "活动期间，志愿服务队伍深入社区开展宣传。",
             "如有疑问，可拨打咨询电话或在留言区留言。", "本期内容由{agency}发布。")


def _split(rng: np.random.Generator, total: int, weights: np.ndarray) -> np.ndarray:
    """Whole numbers proportional to `weights`, summing exactly to `total` (largest remainders)."""
    if total <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    share = weights / weights.sum() * total
    out = np.floor(share).astype(np.int64)
    rest = int(total - out.sum())
    if rest:
        out[np.argsort(-(share - out), kind="stable")[:rest]] += 1
    return out


def _capped(total: int, weights: np.ndarray, best: int) -> np.ndarray:
    """`total` split over the posts with the first carrying `best` and none of the rest more (water-filling)."""
    rest_total = total - best
    w = weights[1:].astype(float)
    out = np.zeros(len(w), dtype=np.int64)
    free = np.ones(len(w), dtype=bool)
    left = rest_total
    while left > 0 and free.any():
        share = np.floor(w * free / (w * free).sum() * left).astype(np.int64)
        share[~free] = 0
        room = best - out
        add = np.minimum(share, room)
        if add.sum() == 0:
            idx = np.flatnonzero(free & (room > 0))
            add = np.zeros_like(out)
            add[idx[: int(min(left, len(idx)))]] = 1
        out += add
        left -= int(add.sum())
        free &= out < best
    return np.concatenate([[best], out])


def _moments(rng: np.random.Generator, week_end: dt.date, n: int) -> tuple[list[dt.datetime], np.ndarray]:
    days = [week_end - dt.timedelta(days=d) for d in range(6, -1, -1)]
    day_w = np.array([WEEKDAY_POSTING[d.weekday()] for d in days])
    picked = rng.choice(7, size=n, p=day_w / day_w.sum())
    hours = rng.choice(24, size=n, p=HOUR_POSTING / HOUR_POSTING.sum())
    minutes = rng.integers(0, 60, size=n)
    seconds = rng.integers(0, 60, size=n)
    return [dt.datetime.combine(days[d], dt.time(int(h), int(m), int(s)))
            for d, h, m, s in zip(picked, hours, minutes, seconds)], hours


def _texts(rng: np.random.Generator, week: dt.date, sector: str, place: str, agency: str,
           n: int) -> tuple[list[str], list[str]]:
    topics, season = TOPICS.get(sector, TOPICS["政府办公厅"]), SEASON[pd.Timestamp(week).date()]
    titles, texts = [], []
    for _ in range(n):
        pool = season if rng.random() < 0.4 else topics
        title = pool[int(rng.integers(len(pool)))].format(place=place)
        body = "".join(SENTENCES[int(i)] for i in rng.choice(len(SENTENCES), size=int(rng.integers(2, 5)), replace=False))
        titles.append(title)
        texts.append(f"【{title}】" + body.format(place=place, agency=agency))
    return titles, texts


def generate(snapshots: Path = HERE / "snapshots.parquet", seed: int = SEED) -> pa.Table:
    rng = np.random.default_rng(seed)
    rows = duckdb.execute("""
        SELECT * FROM read_parquet($f) WHERE list_contains($weeks, snapshot_date) AND posts > 0
        ORDER BY snapshot_date, platform, account_id""", {"f": str(snapshots), "weeks": list(WEEKS)}).fetchdf()
    out: dict[str, list] = {n: [] for n in schema.NAMES}
    for r in rows.itertuples(index=False):
        n = int(r.posts)
        at, hours = _moments(rng, r.snapshot_date, n)
        weights = rng.lognormal(0.0, 1.0, n) * HOUR_READS[hours]
        order = np.argsort(-weights, kind="stable")
        at, hours, weights = [at[i] for i in order], hours[order], weights[order]
        best = None if pd.isna(r.max_reads) else int(r.max_reads)
        if best is not None and best < CAP and n > 1 and 0 < best <= r.reads <= best * n:
            reads = _capped(int(r.reads), weights, best)
        else:
            reads = _split(rng, int(r.reads), weights)
        eng = weights * rng.uniform(0.7, 1.3, n)
        place = r.province if pd.isna(r.city) else r.city
        titles, texts = _texts(rng, r.snapshot_date, r.sector, place, r.account_name if pd.isna(r.agency) else r.agency, n)
        kinds, probs = zip(*KINDS[r.platform])
        kind = rng.choice(kinds, size=n, p=np.array(probs) / sum(probs))
        watching = None if pd.isna(r.watching) else int(r.watching)
        for i in range(n):
            post_id = f"{r.platform[:2]}{r.snapshot_date:%y%m%d}{len(out['post_id']):07d}"
            video = kind[i] in ("video", "live")
            out["platform"].append(r.platform)
            out["account_id"].append(r.account_id)
            out["post_id"].append(post_id)
            out["published_at"].append(at[i])
            out["title"].append(None if r.platform == "weibo" else titles[i])
            out["text"].append(texts[i])
            out["kind"].append(str(kind[i]))
            out["url"].append(URLS[r.platform].format(id=post_id))
            out["is_original"].append(bool(kind[i] != "repost" and rng.random() < (0.8 if video or r.platform == "wechat"
                                                                                  else 0.55)))
            out["duration_s"].append(int(rng.integers(15, 181)) if video else None)
            out["counted_at"].append(r.snapshot_date)
        out["reads"].extend(reads.tolist())
        for col in ("likes", "comments", "shares"):
            out[col].extend(_split(rng, int(getattr(r, col)), eng).tolist())
        out["watching"].extend(_split(rng, int(watching), eng).tolist() if watching is not None else [None] * n)
    # Exports write the time as text; one in fifty has its date only.
    unknown = rng.random(len(out["post_id"])) < 0.02
    out["published_at"] = [f"{t:%Y-%m-%d}" if u else f"{t:%Y-%m-%d %H:%M:%S}" for t, u in zip(out["published_at"], unknown)]
    columns = [n for n in schema.NAMES if n != "time_known"]
    types = {f.name: f.type for f in schema.ARROW_SCHEMA}
    return pa.table({n: pa.array(out[n], pa.string() if n == "published_at" else types[n]) for n in columns})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "posts.parquet")
    args = parser.parse_args()
    table = generate()
    pq.write_table(table, args.out, compression="zstd", compression_level=9, row_group_size=64_000)
    print(f"{args.out}: {table.num_rows:,} posts, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
