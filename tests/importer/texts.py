"""Source texts the importer's tests (and the desk's, for --replace) share."""

ISSUE_V1 = """经开周报 2024年6月14日 星期五 第3700期

第01版：要闻

聚焦主责主业 经开区召开二季度经济运行分析会

本报讯（记者 刘懿 通讯员 沈　可）6月13日，常州经开区召开二季度经济运行分析会。

会议要求，各板块要紧盯全年目标任务。

“端午安康”进社区

本报讯(何美欣)6月12日,横林镇开展主题活动。

龙舟竞渡展风采

6月10日,遥观镇举办龙舟邀请赛,12支队伍同场竞技。

记者 顾晓 摄
"""

# The same issue corrected: two bodies changed, the photo story replaced by a brief.
ISSUE_V2 = (
    ISSUE_V1.replace("会议要求，各板块要紧盯全年目标任务。", "会议要求，各板块要紧盯目标。")
    .replace("本报讯(何美欣)6月12日,横林镇开展主题活动。", "本报讯(何美欣)横林镇开展活动。")
    .replace(
        "龙舟竞渡展风采\n\n6月10日,遥观镇举办龙舟邀请赛,12支队伍同场竞技。\n\n记者 顾晓 摄\n",
        "暑期安全教育进社区\n\n社区开展暑期安全教育。（沈可）\n",
    )
)
