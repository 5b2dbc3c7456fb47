"""The real cases of 江北区政协, as data: each topic, who proposed it, and every action taken
on it since, by whom and on which day.

A case is its title, its fields, its author and co-signers, the day it was created and its
`actions`: `(ago, action, actor, data)`, in the order they are taken (not always the order
of their days: a department's earlier report on one item may follow the verification of
another). `ago` counts days before the day the demo is loaded; `actor` is a username of
`reference.USERS`. The action is a step of the topic (`submit`, `approve`, `reject`,
`start_research`, `schedule_session`, `record_session`, `submit_minutes`, `return_minutes`,
`sign_off`, `start_evaluation`, `close`) or one of the driver's other actions (`confirm`,
`activity`, `report`, `draft_minutes`, `item`, `progress`, `verify`, `close_item`,
`ask_extension`, `rate`, `score`); `data` is what the service is given, in its own words,
with these conventions:

- people by username (`team`, `members`, `leaders`), departments and committee bodies by
  name (`departments`, `department`, `proposer_body`);
- `Day(ago)` is a date and `Moment(ago, hour, minute)` a time, counted like `ago`; a date the
  data leaves out (a visit's `held_on`, the research plan's `starts_on`) is the day of the
  action;
- an `item` gets a `key` by which later actions name it (`item`), and `point`, the position
  of the consensus point it carries out;
- `files` are generated: `Pdf(name, lines)` (“{day}” in a line is the day of the action) and
  `Png(name)`;
- `score` gives `scores` as {indicator name: (score, justification)}.

Each action is taken at the time of day `TIME_OF` gives for it.
"""

from dataclasses import dataclass

from topics.models import Topic


@dataclass(frozen=True)
class Day:
    """The day `ago` days before the demo is loaded (negative: a day to come)."""

    ago: int


@dataclass(frozen=True)
class Moment:
    """`hour:minute` on `Day(ago)`."""

    ago: int
    hour: int
    minute: int = 0


@dataclass(frozen=True)
class Pdf:
    """A generated one-page PDF of ASCII `lines`."""

    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Png:
    """A generated picture."""

    name: str


@dataclass(frozen=True)
class Case:
    title: str
    created: int  # days ago
    author: str
    fields: dict
    cosigners: tuple[str, ...] = ()
    actions: tuple[tuple[int, str, str, dict], ...] = ()


# When in the day each action is taken: (hour, minute).
TIME_OF = {
    "create": (9, 30),
    "confirm": (11, 0),
    "submit": (10, 0),
    "approve": (16, 0),
    "reject": (16, 0),
    "start_research": (9, 0),
    "activity": (17, 0),
    "report": (11, 0),
    "schedule_session": (10, 0),
    "record_session": (18, 0),
    "draft_minutes": (16, 0),
    "submit_minutes": (10, 0),
    "return_minutes": (16, 0),
    "sign_off": (16, 0),
    "item": (11, 0),
    "progress": (15, 0),
    "verify": (10, 0),
    "close_item": (10, 0),
    "ask_extension": (9, 0),
    "rate": (20, 0),
    "start_evaluation": (10, 0),
    "score": (15, 0),
    "close": (10, 0),
}

VISIT = "visit"
SYMPOSIUM = "symposium"

SUBMITTED = {"comment": "提交主席会议审定。"}
APPROVED = {"comment": "同意列入年度协商计划。"}


# 费市家苑: closed, with every stage's records and a returned first version of the minutes.

GAS_TEAM = ["member", "member2", "member3"]

GAS_MINUTES = (
    "江北区政协“委员议事”专题协商纪要\n\n"
    "议题：费市家苑小区12年未通管道燃气\n\n"
    "会议在费市家苑社区议事厅举行。区政协委员、相关部门负责人和居民代表参加。"
    "经协商，各方达成如下共识：区住建局牵头补办手续；江北工业区管委会协调管线路由；"
    "区综合行政执法局做好安全审查和施工监管；燃气公司负责施工通气；"
    "费用由政府、企业、居民合理分担；区政协全程跟踪。"
)

GAS = Case(
    title="费市家苑小区12年未通管道燃气",
    created=270,
    author="member",
    cosigners=("member2",),
    fields={
        "category": Topic.Category.INFRASTRUCTURE,
        "channel": Topic.Channel.MEMBER,
        "description": (
            "费市家苑小区交付使用已12年，至今未通管道燃气，居民只能使用瓶装液化气，生活不便，"
            "还存在安全隐患，群众多次反映。问题涉及燃气配套手续、接入管线穿越工业区道路、"
            "安装费用分担等历史遗留问题，牵涉区住建局、区综合行政执法局、江北工业区管委会、"
            "燃气公司和村委会等多个单位，长期悬而未决。建议列为“委员议事”议题，"
            "通过调研协商推动小区管道燃气开通。"
        ),
    },
    actions=(
        (269, "confirm", "member2", {}),
        (268, "submit", "member", {"comment": "王海明、陈丽华委员联名提出，提交主席会议审定。"}),
        (
            262,
            "approve",
            "chair",
            {"comment": "同意列入年度协商计划，请办公室组织调研组深入调研。"},
        ),
        (
            258,
            "start_research",
            "office",
            {
                "team": GAS_TEAM,
                "ends_on": Day(160),
                "objectives": (
                    "摸清费市家苑小区未通管道燃气的历史成因和症结；查阅12年来的相关资料；"
                    "听取居民、社区和村委会意见；与相关部门和燃气公司逐一座谈，"
                    "形成推动通气的初步方案。"
                ),
            },
        ),
        (
            255,
            "activity",
            "office",
            {
                "kind": VISIT,
                "place": "费市家苑小区",
                "members": GAS_TEAM,
                "departments": ["费市村村委会"],
                "residents_met": "业主代表12人、小区物业负责人",
                "findings": (
                    "小区交付已12年，居民长期使用瓶装液化气，换气不便，楼道存放气瓶存在安全隐患，"
                    "群众呼声强烈；小区内原预留的燃气管位部分已被绿化和停车位占用。"
                ),
            },
        ),
        (
            249,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "费市村村委会会议室",
                "members": GAS_TEAM,
                "departments": ["费市村村委会"],
                "residents_met": "村两委干部、老党员代表",
                "findings": (
                    "小区为拆迁安置小区，建设时燃气配套未同步实施，配套责任主体几经变更，"
                    "村委会多次与有关方面联系未果。"
                ),
            },
        ),
        (
            243,
            "activity",
            "office",
            {
                "kind": SYMPOSIUM,
                "place": "区住建局",
                "members": GAS_TEAM,
                "departments": ["区住建局"],
                "residents_met": "",
                "findings": (
                    "查阅了12年来的立项、规划和竣工验收资料：燃气配套未纳入当时的竣工验收，"
                    "需补办燃气配套工程的规划和施工手续。"
                ),
            },
        ),
        (
            236,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "区综合行政执法局",
                "members": GAS_TEAM,
                "departments": ["区综合行政执法局"],
                "residents_met": "",
                "findings": (
                    "燃气行业主管部门介绍了管道燃气安全间距和工程审查要求；周边市政中压管网"
                    "已具备接入条件，关键是明确建设主体和费用。"
                ),
            },
        ),
        (
            228,
            "activity",
            "office",
            {
                "kind": SYMPOSIUM,
                "place": "江北工业区管委会",
                "members": GAS_TEAM,
                "departments": ["江北工业区管委会"],
                "residents_met": "",
                "findings": (
                    "小区接入管线需穿越工业区道路，道路开挖和管线路由须由管委会统一协调，"
                    "管委会表示愿意配合并优化审批流程。"
                ),
            },
        ),
        (
            220,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "燃气公司",
                "members": GAS_TEAM,
                "departments": ["燃气公司"],
                "residents_met": "",
                "findings": (
                    "燃气公司测算了中压管道接入和户内安装的工程量与费用，提出分段施工方案，"
                    "建议费用按“政府补一点、企业让一点、居民出一点”分担。"
                ),
            },
        ),
        (
            212,
            "activity",
            "office",
            {
                "kind": VISIT,
                "place": "费市家苑小区及周边道路",
                "members": GAS_TEAM,
                "departments": ["燃气公司", "区综合行政执法局"],
                "residents_met": "楼道长5人",
                "findings": (
                    "现场踏勘管线走向和调压箱选址，确认可利用小区北侧绿化带敷设管道，"
                    "避开已被占用的原预留管位。"
                ),
            },
        ),
        (
            203,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "费市家苑社区议事厅",
                "members": GAS_TEAM,
                "departments": ["费市村村委会"],
                "residents_met": "居民代表30余人",
                "findings": (
                    "征询居民意愿：绝大多数住户愿意开通管道燃气，对户内安装费用和施工期间出行有顾虑，"
                    "希望费用公开透明、施工分楼栋进行。"
                ),
            },
        ),
        (
            195,
            "activity",
            "office",
            {
                "kind": SYMPOSIUM,
                "place": "区政协会议室",
                "members": GAS_TEAM,
                "departments": [
                    "区住建局",
                    "区综合行政执法局",
                    "江北工业区管委会",
                    "燃气公司",
                    "费市村村委会",
                ],
                "residents_met": "",
                "findings": (
                    "多部门联席座谈，初步明确：区住建局牵头补办手续，管委会负责管线路由协调，"
                    "执法局负责安全审查和施工监管，燃气公司负责施工和通气，村委会负责群众工作。"
                ),
                "files": [
                    Pdf(
                        "联席座谈会签到表.pdf",
                        (
                            "Jiangbei District CPPCC - joint symposium sign-in sheet",
                            "Topic: piped gas for Feishi Jiayuan",
                            "Date: {day}",
                            "(demo document)",
                        ),
                    )
                ],
            },
        ),
        (
            186,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "区住建局",
                "members": GAS_TEAM,
                "departments": ["区住建局", "燃气公司"],
                "residents_met": "",
                "findings": "就费用分担比例和补助资金来源进行专题座谈，形成费用分担初步测算。",
            },
        ),
        (
            174,
            "activity",
            "office",
            {
                "kind": VISIT,
                "place": "已通气的同类安置小区",
                "members": GAS_TEAM,
                "departments": ["燃气公司"],
                "residents_met": "物业负责人、居民代表",
                "findings": (
                    "学习同类安置小区补通管道燃气的做法：分楼栋施工、入户安全检查和通气点火"
                    "一次到位，居民满意度较高。"
                ),
            },
        ),
        (
            165,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "费市村村委会会议室",
                "members": GAS_TEAM,
                "departments": ["费市村村委会", "区住建局"],
                "residents_met": "业主代表15人",
                "findings": "就初步方案征求居民意见，居民对费用分担方式和施工安排表示认可。",
            },
        ),
        (
            158,
            "report",
            "member",
            {
                "content": (
                    "经过3个多月的前期调研，调研组与群众探讨、与社区沟通，查阅12年来的相关资料，"
                    "赴区住建局、区综合行政执法局、江北工业区管委会、燃气公司、村委会等开展座谈协商"
                    "10余次。调研发现：一是小区建设时燃气配套未同步实施，配套责任主体几经变更；"
                    "二是接入管线需穿越工业区道路，审批和施工协调难度大；三是户内安装费用分担方式"
                    "不明确，部分居民存在顾虑。"
                ),
                "preliminary_solution": (
                    "1. 区住建局牵头补办燃气配套工程手续，明确建设主体；\n"
                    "2. 江北工业区管委会协调接入管线路由和道路开挖；\n"
                    "3. 区综合行政执法局做好燃气工程安全审查和施工监管；\n"
                    "4. 燃气公司制定施工计划，分段实施中压管道接入和户内安装；\n"
                    "5. 户内安装费用按“政府补一点、企业让一点、居民出一点”分担，"
                    "村委会做好意见征集和动员。"
                ),
            },
        ),
        (
            150,
            "schedule_session",
            "office",
            {
                "starts_at": Moment(140, 14, 30),
                "venue": "费市家苑社区议事厅",
                "agenda": "1. 调研组通报调研情况和初步方案；\n2. 居民代表发言；\n"
                "3. 相关部门和燃气公司回应；\n4. 协商形成共识。",
            },
        ),
        (
            140,
            "record_session",
            "office",
            {
                "members": ["member", "member2", "member3", "member4"],
                "departments": [
                    "区住建局",
                    "区综合行政执法局",
                    "江北工业区管委会",
                    "燃气公司",
                    "费市村村委会",
                ],
                "residents_count": 18,
                "consensus": [
                    "由区住建局牵头、区综合行政执法局配合，一个月内完成燃气配套工程手续补办。",
                    "江北工业区管委会负责协调接入管线穿越工业区道路的路由和开挖许可。",
                    "燃气公司负责中压管道接入和户内管道安装，分楼栋施工，年内实现通气。",
                    "户内安装费用按“政府补一点、企业让一点、居民出一点”分担，村委会做好居民动员。",
                    "区政协委员全程跟踪，适时组织“回头看”。",
                ],
            },
        ),
        (136, "submit_minutes", "office", {"text": GAS_MINUTES, "leaders": ["leader"]}),
        (
            134,
            "return_minutes",
            "leader",
            {"opinion": "请补充各项任务的完成时限和费用分担比例后再报。"},
        ),
        (
            133,
            "submit_minutes",
            "office",
            {
                "text": GAS_MINUTES + "\n\n时间节点：一个月内完成手续补办；三个月内完成管线接入；"
                "年内完成户内安装并通气。\n费用分担：户内安装费用由区财政补助、燃气公司让利和居民"
                "自付三部分组成，具体比例由区住建局会同燃气公司公示。",
                "leaders": ["leader"],
            },
        ),
        (
            131,
            "sign_off",
            "leader",
            {
                "opinion": "同意纪要意见。请区住建局牵头，各相关单位按时间节点抓好落实，"
                "确保年内通气。区政协持续跟踪问效，纳入年度目标任务考核。"
            },
        ),
        (
            129,
            "item",
            "office",
            {
                "key": "permits",
                "department": "区住建局",
                "task": "牵头补办费市家苑燃气配套工程规划和施工手续，公示费用分担方案。",
                "due_on": Day(100),
                "point": 1,
            },
        ),
        (
            129,
            "item",
            "office",
            {
                "key": "safety",
                "department": "区综合行政执法局",
                "task": "完成燃气工程安全审查，督促施工单位落实安全措施，做好施工期间监管。",
                "due_on": Day(90),
                "point": 1,
            },
        ),
        (
            129,
            "item",
            "office",
            {
                "key": "connect",
                "department": "燃气公司",
                "task": "完成中压管道接入和户内管道安装，实现全部住户通气点火。",
                "due_on": Day(45),
                "point": 3,
            },
        ),
        (
            115,
            "progress",
            "dept",
            {
                "item": "permits",
                "percent_done": 50,
                "text": "规划手续已补办完成，施工许可正在办理。",
            },
        ),
        (
            102,
            "progress",
            "dept",
            {
                "item": "permits",
                "percent_done": 100,
                "text": "施工许可已办结，费用分担方案已在小区公示7天，无异议。",
                "completed": True,
            },
        ),
        (100, "verify", "office", {"item": "permits"}),
        (
            92,
            "progress",
            "dept2",
            {
                "item": "safety",
                "percent_done": 100,
                "text": "安全审查已完成，施工期间开展巡查6次，未发现安全问题。",
                "completed": True,
            },
        ),
        (90, "verify", "office", {"item": "safety"}),
        (
            110,
            "progress",
            "gas",
            {"item": "connect", "percent_done": 30, "text": "中压管道开挖敷设已开工。"},
        ),
        (
            75,
            "progress",
            "gas",
            {
                "item": "connect",
                "percent_done": 70,
                "text": "中压管道接入完成，户内安装已完成过半楼栋。",
            },
        ),
        (
            48,
            "progress",
            "gas",
            {
                "item": "connect",
                "percent_done": 100,
                "text": "户内安装全部完成，已完成入户安全检查并通气点火。",
                "completed": True,
                "files": [Png("通气点火现场.png")],
            },
        ),
        (46, "verify", "office", {"item": "connect"}),
        (
            45,
            "rate",
            "member",
            {
                "item": "connect",
                "level": "satisfied",
                "comment": "小区156户全部通气点火，居民用上了安全方便的管道燃气。",
            },
        ),
        (
            45,
            "rate",
            "member2",
            {
                "item": "permits",
                "level": "basically_satisfied",
                "comment": "手续补办及时、费用方案公开；公示期可再延长，便于老年居民了解。",
            },
        ),
        (44, "start_evaluation", "office", {}),
        (
            25,
            "score",
            "evaluator",
            {
                "scores": {
                    "议题选择": (
                        "92",
                        "议题源于群众反映强烈的“关键小事”，委员联名提出，切口小、关联广。",
                    ),
                    "调研深度": (
                        "95",
                        "前期调研3个多月，查阅12年资料，座谈协商10余次，覆盖全部相关单位。",
                    ),
                    "协商质量": (
                        "90",
                        "委员、五个相关单位和18位居民代表参加，达成5项明确共识；"
                        "纪要经退回补充后报送，时限和费用更加明确。",
                    ),
                    "成果转化": (
                        "96",
                        "3项跟踪事项全部按期办结并经核实，小区实现管道燃气通气。",
                    ),
                    "群众满意度": ("94", "电话回访居民50户，满意率94%。"),
                },
                "summary": "议题推动解决了困扰居民12年的用气难题，调研扎实、协商充分、"
                "成果转化明显，评为优秀。",
            },
        ),
        (20, "close", "office", {"comment": "第三方评价已提交，议题办结。"}),
    ),
)


# 调解员队伍建设: last year's topic, now evaluating: assigned to the evaluator, not yet scored.

MEDIATORS_TEAM = ["member4", "member2", "member3"]

MEDIATORS = Case(
    title="调解员队伍建设",
    created=425,
    author="member4",
    cosigners=("member2",),
    fields={
        "category": Topic.Category.SOCIAL_GOVERNANCE,
        "channel": Topic.Channel.MEMBER,
        "proposer_body": "社会法制委员会",
        "description": (
            "基层矛盾纠纷日益多元，全区调解员队伍存在年龄结构偏大、专业化程度不高、"
            "街道和村（社区）调解能力参差不齐等问题。来自法律、教育、企业等行业的委员"
            "建议就提升调解员素质、加强调解员队伍建设开展协商。"
        ),
    },
    actions=(
        (424, "confirm", "member2", {}),
        (423, "submit", "member4", SUBMITTED),
        (415, "approve", "chair", APPROVED),
        (
            410,
            "start_research",
            "office",
            {
                "team": MEDIATORS_TEAM,
                "ends_on": Day(350),
                "objectives": "分析全区调解员队伍建设的问题和不足，"
                "结合国内外文献资料和先进地区做法，提出专业化培训和提升基层调解能力的建议。",
            },
        ),
        (
            405,
            "activity",
            "member4",
            {
                "kind": SYMPOSIUM,
                "place": "区司法局",
                "members": MEDIATORS_TEAM,
                "departments": ["区司法局"],
                "residents_met": "",
                "findings": "全区专兼职调解员中具有法律专业背景的比例偏低，系统培训渠道少，"
                "以会代训为主。",
            },
        ),
        (
            395,
            "activity",
            "member4",
            {
                "kind": VISIT,
                "place": "孔浦街道人民调解委员会",
                "members": MEDIATORS_TEAM,
                "departments": ["孔浦街道"],
                "residents_met": "街道调解员4人",
                "findings": "街道调解员案件量大，对物业、婚姻家庭、劳动争议等"
                "专业调解知识需求迫切。",
            },
        ),
        (
            385,
            "activity",
            "member4",
            {
                "kind": VISIT,
                "place": "慈城镇村（社区）调解室",
                "members": MEDIATORS_TEAM,
                "departments": ["慈城镇"],
                "residents_met": "村调解主任3人",
                "findings": "村级调解员多为兼职，缺少案例学习和技能训练，调解协议规范性有待提高。",
            },
        ),
        (
            372,
            "activity",
            "member4",
            {
                "kind": SYMPOSIUM,
                "place": "区政协会议室",
                "members": MEDIATORS_TEAM,
                "departments": [],
                "residents_met": "高校法学教师2人、资深调解员3人",
                "findings": "研究国内外调解培训文献和先进地区做法，建议建立常设培训机构，"
                "分级分类设置课程。",
            },
        ),
        (
            345,
            "report",
            "member4",
            {
                "content": "调研组梳理了全区调解员队伍现状，调阅国内外文献资料，学习先进地区做法，"
                "深入分析了调解员专业化不足、培训体系缺失、基层调解能力不均衡等问题。",
                "preliminary_solution": "1. 建立江北区调解学院，专业化培训调解员；\n"
                "2. 按街道、村（社区）分级开展轮训，提升基层调解能力；\n"
                "3. 课程设置涵盖法律基础、调解技巧、心理疏导和典型案例；\n"
                "4. 设立人民调解基金，激励优秀调解员。",
            },
        ),
        (
            340,
            "schedule_session",
            "office",
            {
                "starts_at": Moment(332, 14, 30),
                "venue": "区政协委员之家",
                "agenda": "围绕调解员队伍建设开展协商，听取司法行政部门和基层调解员意见。",
            },
        ),
        (
            332,
            "record_session",
            "office",
            {
                "members": ["member4", "member2", "member3", "member"],
                "departments": ["区司法局", "孔浦街道", "慈城镇"],
                "residents_count": 6,
                "consensus": [
                    "建立江北区调解学院，承担全区调解员的专业化培训。",
                    "分级分类开展街道、村（社区）调解员轮训，提升基层调解能力。",
                    "由委员和专家参与课程设置，突出实务和案例教学。",
                    "设立“江北区人民调解基金”，委员带头捐款。",
                ],
            },
        ),
        (
            326,
            "submit_minutes",
            "office",
            {
                "text": "江北区政协“委员议事”专题协商纪要\n\n议题：调解员队伍建设\n\n"
                "与会委员提出建立调解学院、专业化培训调解员、提升街道和村（社区）基层调解能力等建议，"
                "并对课程设置提出专业见解；委员倡议设立人民调解基金。",
                "leaders": ["leader"],
            },
        ),
        (
            322,
            "sign_off",
            "leader",
            {"opinion": "同意。请区司法局抓紧筹建调解学院，力争在全省率先建成。"},
        ),
        (
            320,
            "item",
            "office",
            {
                "key": "academy",
                "department": "区司法局",
                "task": "筹建江北区调解学院，制定课程体系，建立师资库。",
                "due_on": Day(200),
            },
        ),
        (
            320,
            "item",
            "office",
            {
                "key": "training",
                "department": "区司法局",
                "task": "开展街道、村（社区）调解员专业化轮训。",
                "due_on": Day(100),
            },
        ),
        (
            320,
            "item",
            "office",
            {
                "key": "fund",
                "department": "区司法局",
                "task": "设立“江北区人民调解基金”，做好捐款接收和使用管理。",
                "due_on": Day(250),
            },
        ),
        (
            320,
            "item",
            "office",
            {
                "key": "pilot",
                "department": "区司法局",
                "task": "争取省级调解员等级评定试点。",
                "due_on": Day(150),
            },
        ),
        (
            255,
            "progress",
            "sifa",
            {
                "item": "fund",
                "percent_done": 100,
                "text": "人民调解基金已设立，区政协委员捐款21万元已全部到账。",
                "completed": True,
            },
        ),
        (253, "verify", "office", {"item": "fund"}),
        (
            260,
            "progress",
            "sifa",
            {"item": "academy", "percent_done": 60, "text": "调解学院选址和课程体系方案已确定。"},
        ),
        (
            205,
            "progress",
            "sifa",
            {
                "item": "academy",
                "percent_done": 100,
                "text": "江北区调解学院已挂牌成立，在全省率先建成，首批师资库入库32人。",
                "completed": True,
            },
        ),
        (203, "verify", "office", {"item": "academy"}),
        (
            104,
            "progress",
            "sifa",
            {
                "item": "training",
                "percent_done": 100,
                "text": "已完成全区街道、村（社区）调解员轮训两期。",
                "completed": True,
            },
        ),
        (101, "verify", "office", {"item": "training"}),
        (
            148,
            "close_item",
            "office",
            {
                "item": "pilot",
                "reason": "省级试点今年未开放申报，转入司法局常态工作跟踪。",
            },
        ),
        (6, "start_evaluation", "office", {}),
    ),
)


# 慈城: following up; one item reported done, three open (one overdue), an extension asked.

WATER_TEAM = ["member3", "member", "member4"]

WATER = Case(
    title="慈城北部山区6个村未实现大管网供水",
    created=205,
    author="member3",
    fields={
        "category": Topic.Category.INFRASTRUCTURE,
        "channel": Topic.Channel.MEMBER,
        "proposer_body": "慈城镇联委会",
        "description": (
            "慈城镇北部山区6个村长期未能接入城市大管网供水，村民依靠山塘水库和简易水厂供水，"
            "旱季水量不足，水质不稳定。慈城镇联委会委员在走访中了解到群众对“喝上放心水”的"
            "期盼十分迫切，建议开展“委员议事”。"
        ),
    },
    actions=(
        (204, "submit", "member3", SUBMITTED),
        (196, "approve", "chair", APPROVED),
        (
            192,
            "start_research",
            "office",
            {
                "team": WATER_TEAM,
                "ends_on": Day(130),
                "objectives": "摸清6个村的供水现状、人口分布和管网延伸的技术条件与投资规模，"
                "形成大管网供水延伸的初步方案。",
            },
        ),
        (
            188,
            "activity",
            "member3",
            {
                "kind": VISIT,
                "place": "慈城镇北部山区6个村",
                "members": WATER_TEAM,
                "departments": ["慈城镇"],
                "residents_met": "村干部和村民代表20余人",
                "findings": "6个村依靠山塘水库和简易水厂供水，旱季需临时送水，"
                "村民对接入大管网意愿强烈。",
            },
        ),
        (
            180,
            "activity",
            "member3",
            {
                "kind": SYMPOSIUM,
                "place": "区水利局",
                "members": WATER_TEAM,
                "departments": ["区水利局"],
                "residents_met": "",
                "findings": "大管网延伸需新建加压泵站和输水主管，山区地形复杂，需分期实施。",
            },
        ),
        (
            170,
            "activity",
            "member3",
            {
                "kind": SYMPOSIUM,
                "place": "慈城镇人民政府",
                "members": WATER_TEAM,
                "departments": ["慈城镇", "区住建局", "区农业农村局"],
                "residents_met": "",
                "findings": "各方同意将管网延伸纳入城乡供水一体化，资金可统筹农村饮用水提标项目。",
            },
        ),
        (
            158,
            "activity",
            "member3",
            {
                "kind": VISIT,
                "place": "慈城镇简易水厂",
                "members": WATER_TEAM,
                "departments": ["区水利局"],
                "residents_met": "水厂管理员",
                "findings": "简易水厂设备老化，消毒工艺简单，难以稳定达标。",
            },
        ),
        (
            145,
            "report",
            "member3",
            {
                "content": "调研组走访6个村，与区水利局、区住建局、区农业农村局和慈城镇多次座谈，"
                "摸清了供水现状和管网延伸的技术条件。",
                "preliminary_solution": "1. 将北部山区供水管网延伸工程纳入城乡供水一体化和年度"
                "城建计划；\n"
                "2. 分两期实施，先通主管、再入户；\n"
                "3. 统筹农村饮用水提标资金；\n4. 慈城镇做好入户摸底和政策处理。",
            },
        ),
        (
            140,
            "schedule_session",
            "office",
            {
                "starts_at": Moment(130, 14, 30),
                "venue": "慈城镇人民政府会议室",
                "agenda": "通报调研情况，协商北部山区6个村大管网供水延伸方案。",
            },
        ),
        (
            130,
            "record_session",
            "office",
            {
                "members": ["member3", "member", "member4", "member2"],
                "departments": [
                    "区水利局",
                    "区住建局",
                    "区农业农村局",
                    "区综合行政执法局",
                    "慈城镇",
                ],
                "residents_count": 12,
                "consensus": [
                    "将北部山区6个村大管网供水延伸工程纳入年度城建计划，分两期实施。",
                    "区农业农村局统筹农村饮用水提标资金。",
                    "慈城镇负责入户摸底、村民意见征集和政策处理。",
                ],
            },
        ),
        (
            125,
            "submit_minutes",
            "office",
            {
                "text": "江北区政协“委员议事”专题协商纪要\n\n"
                "议题：慈城北部山区6个村未实现大管网供水\n\n"
                "各方同意将大管网供水延伸工程纳入年度城建计划，分期实施，统筹资金，做好入户工作。",
                "leaders": ["leader"],
            },
        ),
        (
            120,
            "sign_off",
            "leader",
            {"opinion": "同意。请区住建局、区水利局牵头，确保山区群众早日喝上放心水。"},
        ),
        (
            118,
            "item",
            "office",
            {
                "key": "survey",
                "department": "慈城镇",
                "task": "完成6个村入户管网摸底、村民意见征集和施工政策处理。",
                "due_on": Day(20),
                "point": 3,
            },
        ),
        (
            118,
            "item",
            "office",
            {
                "key": "design",
                "department": "区住建局",
                "task": "将供水管网延伸工程纳入城建计划，完成设计并启动招标。",
                "due_on": Day(-45),
                "point": 1,
            },
        ),
        (
            118,
            "item",
            "office",
            {
                "key": "funds",
                "department": "区农业农村局",
                "task": "统筹落实农村饮用水提标资金。",
                "due_on": Day(3),
                "point": 2,
            },
        ),
        (
            118,
            "item",
            "office",
            {
                "key": "permits",
                "department": "区综合行政执法局",
                "task": "协调管网施工涉及的道路挖掘审批，做好施工期间巡查。",
                "due_on": Day(-60),
            },
        ),
        (
            60,
            "progress",
            "cicheng",
            {"item": "survey", "percent_done": 50, "text": "已完成3个村的入户摸底。"},
        ),
        (
            12,
            "progress",
            "cicheng",
            {
                "item": "survey",
                "percent_done": 100,
                "text": "6个村入户摸底和意见征集全部完成，政策处理已签约。",
                "completed": True,
            },
        ),
        (
            30,
            "progress",
            "dept",
            {
                "item": "design",
                "percent_done": 40,
                "text": "工程已纳入城建计划，初步设计正在编制。",
            },
        ),
        (
            5,
            "ask_extension",
            "dept",
            {
                "item": "design",
                "due_on": Day(-75),
                "reason": "山区管线路由需避让生态保护红线，设计方案调整，招标顺延30天。",
            },
        ),
    ),
)


# 杜姚线: the minutes await sign-off by `leader`.

LIGHTS_TEAM = ["member", "member2"]

STREET_LIGHTS = Case(
    title="杜姚线二期沿线无路灯",
    created=120,
    author="office",
    fields={
        "category": Topic.Category.ROADS,
        "channel": Topic.Channel.MEMBER,
        "proposer_body": "城乡建设委员会",
        "description": (
            "杜姚线二期沿线至今没有路灯，夜间照明缺失，行人和电动车出行安全隐患大，"
            "影响群众夜晚出行安全，沿线群众反映强烈。"
        ),
    },
    actions=(
        (119, "submit", "office", SUBMITTED),
        (112, "approve", "chair", APPROVED),
        (
            108,
            "start_research",
            "office",
            {
                "team": LIGHTS_TEAM,
                "ends_on": Day(60),
                "objectives": "实地察看沿线照明和交通状况，听取沿线群众和相关部门意见。",
            },
        ),
        (
            104,
            "activity",
            "member",
            {
                "kind": VISIT,
                "place": "杜姚线二期沿线（夜间）",
                "members": LIGHTS_TEAM,
                "departments": [],
                "residents_met": "沿线村民10余人",
                "findings": "二期沿线全线无路灯，夜间路面漆黑，多处交叉口视线差，"
                "群众夜间出行不便且不安全。",
            },
        ),
        (
            95,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "区综合行政执法局",
                "members": LIGHTS_TEAM,
                "departments": ["区综合行政执法局"],
                "residents_met": "",
                "findings": "路灯建设和移交管养主体需明确，可结合道路亮化工程统一实施。",
            },
        ),
        (
            88,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "区卫健局",
                "members": LIGHTS_TEAM,
                "departments": ["区卫健局"],
                "residents_met": "",
                "findings": "沿线群众夜间前往医疗机构就诊需求较多，照明缺失影响就医出行。",
            },
        ),
        (
            80,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "庄桥街道",
                "members": LIGHTS_TEAM,
                "departments": ["庄桥街道"],
                "residents_met": "村干部代表",
                "findings": "属地街道愿意配合做好路灯杆位的政策处理和群众工作。",
            },
        ),
        (
            70,
            "report",
            "member",
            {
                "content": "调研组实地调研并与区综合行政执法局、区卫健局、属地街道座谈，"
                "摸清沿线照明缺失情况。",
                "preliminary_solution": "1. 区综合行政执法局牵头将杜姚线二期纳入道路亮化工程；\n"
                "2. 属地街道做好杆位政策处理；\n3. 路灯建成后明确管养主体。",
            },
        ),
        (
            50,
            "schedule_session",
            "office",
            {
                "starts_at": Moment(40, 14, 30),
                "venue": "庄桥街道会议室",
                "agenda": "围绕杜姚线二期沿线路灯建设协商议事，为改善群众出行条件建言献策。",
            },
        ),
        (
            40,
            "record_session",
            "office",
            {
                "members": ["member", "member2", "member3"],
                "departments": ["区综合行政执法局", "区卫健局", "庄桥街道"],
                "residents_count": 9,
                "consensus": [
                    "将杜姚线二期沿线路灯建设纳入道路亮化工程，年内开工。",
                    "属地街道负责杆位政策处理，路灯建成后由区综合行政执法局统一管养。",
                ],
            },
        ),
        (
            6,
            "submit_minutes",
            "office",
            {
                "text": "江北区政协“委员议事”专题协商纪要\n\n议题：杜姚线二期沿线无路灯\n\n"
                "经实地调研和与区综合行政执法局、区卫健局、属地街道协商，各方一致同意将杜姚线二期"
                "沿线路灯建设纳入道路亮化工程，年内开工，建成后统一管养。",
                "leaders": ["leader"],
            },
        ),
    ),
)


# 加装电梯: deliberated; the session is recorded, the minutes drafted and not yet submitted.

ELEVATORS_TEAM = ["member2", "member"]

ELEVATORS = Case(
    title="老旧小区加装电梯",
    created=160,
    author="member2",
    fields={
        "category": Topic.Category.OLD_COMMUNITIES,
        "channel": Topic.Channel.MEMBER,
        "description": (
            "老旧小区居民老龄化程度高，上下楼难，加装电梯意愿强烈，但面临低层住户意见不一、"
            "费用分摊、审批流程复杂等难题。委员已先后参与协调50多部电梯的加装，"
            "建议通过“委员议事”形成可复制的协商办法。"
        ),
    },
    actions=(
        (159, "submit", "member2", SUBMITTED),
        (150, "approve", "chair", APPROVED),
        (
            146,
            "start_research",
            "office",
            {
                "team": ELEVATORS_TEAM,
                "ends_on": Day(40),
                "objectives": "梳理已加装电梯的经验和难点，听取高低层住户意见，优化审批流程。",
            },
        ),
        (
            140,
            "activity",
            "member2",
            {
                "kind": VISIT,
                "place": "孔浦街道老旧小区",
                "members": ELEVATORS_TEAM,
                "departments": ["孔浦街道"],
                "residents_met": "高低层住户代表16人",
                "findings": "高层住户加装意愿强，低层住户担心采光、噪音和房屋价值，"
                "需要委员居中协调。",
            },
        ),
        (
            120,
            "activity",
            "member2",
            {
                "kind": SYMPOSIUM,
                "place": "区住建局",
                "members": ELEVATORS_TEAM,
                "departments": ["区住建局", "孔浦街道"],
                "residents_met": "",
                "findings": "审批涉及规划、消防、特种设备等多个环节，可推行联合审查、一窗受理。",
            },
        ),
        (
            90,
            "activity",
            "member2",
            {
                "kind": VISIT,
                "place": "已加装电梯的小区",
                "members": ELEVATORS_TEAM,
                "departments": [],
                "residents_met": "业主代表8人",
                "findings": "已加装的50多部电梯运行良好，费用按楼层系数分摊的做法群众接受度高。",
            },
        ),
        (
            35,
            "report",
            "member2",
            {
                "content": "调研组总结了委员参与协调50多部电梯加装的经验，"
                "分析了意见协调、费用分摊和审批的难点。",
                "preliminary_solution": "1. 推行加装电梯联合审查、一窗受理；\n"
                "2. 推广按楼层系数分摊费用；\n"
                "3. 委员、社区共同做好低层住户的协商工作。",
            },
        ),
        (
            20,
            "schedule_session",
            "office",
            {
                "starts_at": Moment(8, 14, 30),
                "venue": "孔浦街道委员会客厅",
                "agenda": "协商老旧小区加装电梯的审批优化和邻里协调办法。",
            },
        ),
        (
            8,
            "record_session",
            "office",
            {
                "members": ["member2", "member", "member4"],
                "departments": ["区住建局", "孔浦街道"],
                "residents_count": 14,
                "consensus": [
                    "区住建局牵头推行加装电梯联合审查、一窗受理。",
                    "推广按楼层系数分摊费用的做法，对低层住户给予合理补偿。",
                ],
            },
        ),
        (
            4,
            "draft_minutes",
            "office",
            {
                "text": "江北区政协“委员议事”专题协商纪要（草稿）\n\n议题：老旧小区加装电梯\n\n"
                "各方一致同意推行联合审查、一窗受理，推广按楼层系数分摊费用……",
            },
        ),
    ),
)


# 老旧小区改造: the session is scheduled for next week.

OLD_COMMUNITIES_TEAM = ["member", "member2"]

OLD_COMMUNITIES = Case(
    title="老旧小区改造",
    created=130,
    author="office",
    fields={
        "category": Topic.Category.OLD_COMMUNITIES,
        "channel": Topic.Channel.PARTY_GOVERNMENT,
        "proposer_body": "城乡建设委员会",
        "description": "区委、区政府点题：老旧小区改造中群众诉求多样，需在改造内容、"
        "资金分担和长效管理上广泛听取意见。",
    },
    actions=(
        (129, "submit", "office", SUBMITTED),
        (122, "approve", "chair", APPROVED),
        (
            118,
            "start_research",
            "office",
            {
                "team": OLD_COMMUNITIES_TEAM,
                "ends_on": Day(30),
                "objectives": "听取居民对改造内容的意见，研究改造后的长效管理机制。",
            },
        ),
        (
            100,
            "activity",
            "member",
            {
                "kind": VISIT,
                "place": "洪塘街道老旧小区",
                "members": OLD_COMMUNITIES_TEAM,
                "departments": ["洪塘街道"],
                "residents_met": "居民代表20人",
                "findings": "居民最关心雨污分流、停车和屋面渗漏，改造后缺乏物业管理。",
            },
        ),
        (
            70,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "区住建局",
                "members": OLD_COMMUNITIES_TEAM,
                "departments": ["区住建局"],
                "residents_met": "",
                "findings": "改造项目按“居民点单”确定内容，但改造后长效管理尚无成熟机制。",
            },
        ),
        (
            25,
            "report",
            "member",
            {
                "content": "调研组走访改造小区，与区住建局和街道座谈，梳理了居民诉求。",
                "preliminary_solution": "1. 改造内容由居民点单；\n2. 改造后引入准物业管理；\n"
                "3. 委员参与改造监督。",
            },
        ),
        (
            3,
            "schedule_session",
            "office",
            {
                "starts_at": Moment(-6, 14, 30),
                "venue": "洪塘街道社区议事厅",
                "agenda": "协商老旧小区改造内容和改造后的长效管理机制。",
            },
        ),
    ),
)


# 树木修剪加固: researching; found by 孔浦街道联委会 during “三服务”.

TREES_TEAM = ["member", "member2"]

TREES = Case(
    title="老旧小区树木修剪加固",
    created=50,
    author="member",
    fields={
        "category": Topic.Category.OLD_COMMUNITIES,
        "channel": Topic.Channel.MEMBER,
        "proposer_body": "孔浦街道联委会",
        "description": (
            "区政协孔浦街道联委会在“三服务”活动中发现，一些无物业管理的老旧小区大树无人修剪，"
            "遇极端恶劣天气易倾倒，电线缠绕存在安全隐患，建议作为议事主题开展协商。"
        ),
    },
    actions=(
        (49, "submit", "member", {"comment": "孔浦街道联委会提出，提交主席会议审定。"}),
        (42, "approve", "chair", APPROVED),
        (
            38,
            "start_research",
            "office",
            {
                "team": TREES_TEAM,
                "ends_on": Day(-20),
                "objectives": "排查无物业老旧小区树木隐患，明确修剪加固的责任主体和资金来源。",
            },
        ),
        (
            30,
            "activity",
            "member",
            {
                "kind": VISIT,
                "place": "孔浦街道无物业老旧小区",
                "members": TREES_TEAM,
                "departments": ["孔浦街道"],
                "residents_met": "居民代表9人",
                "findings": "排查发现多棵大树树冠过大、根系松动，部分树枝缠绕电线，"
                "台风季隐患突出。",
            },
        ),
        (
            16,
            "activity",
            "member",
            {
                "kind": SYMPOSIUM,
                "place": "孔浦街道办事处",
                "members": TREES_TEAM,
                "departments": ["孔浦街道", "区综合行政执法局"],
                "residents_met": "",
                "findings": "无物业小区树木管养责任不清，街道和执法局同意先行排查、分类处置。",
            },
        ),
    ),
)


# 农产品销售渠道: raised by the public at the members' lounge; approved into the plan.

FARM_PRODUCE = Case(
    title="助力畅通疫情下全区农产品销售渠道",
    created=15,
    author="member3",
    cosigners=("member",),
    fields={
        "category": Topic.Category.AGRICULTURE,
        "channel": Topic.Channel.PUBLIC,
        "public_venue": Topic.PublicVenue.MEMBER_LOUNGE,
        "public_contact": "农户代表 张先生 13800000000",
        "description": (
            "疫情防控期间，不少群众专门到前洋e商小镇委员会客厅反映区域农产品销售形势严峻。"
            "会客厅的10位政协委员迅速反应，带头购买，并建议就助力畅通全区农产品销售渠道开展协商。"
        ),
    },
    actions=(
        (14, "confirm", "member", {}),
        (13, "submit", "member3", {"comment": "群众在前洋e商小镇委员会客厅反映，委员联名提交。"}),
        (9, "approve", "chair", APPROVED),
    ),
)


# Planned, on the party and government's initiative.

RURAL_ROADS = Case(
    title="“四好”农村路建设",
    created=60,
    author="office",
    fields={
        "category": Topic.Category.ROADS,
        "channel": Topic.Channel.PARTY_GOVERNMENT,
        "proposer_body": "农业界",
        "description": "党政点题：围绕“建好、管好、护好、运营好”农村公路，协商解决农村路网"
        "断头路、管养不到位等问题。",
    },
    actions=(
        (59, "submit", "office", SUBMITTED),
        (52, "approve", "chair", APPROVED),
    ),
)

RURAL_HEALTH = Case(
    title="农村医疗改善",
    created=35,
    author="office",
    fields={
        "category": Topic.Category.HEALTH,
        "channel": Topic.Channel.PARTY_GOVERNMENT,
        "proposer_body": "医药卫生界",
        "description": "党政点题：农村地区基层医疗服务能力不足，村卫生室人员和设备短缺，"
        "群众看病仍需往返城区。",
    },
    actions=(
        (34, "submit", "office", SUBMITTED),
        (28, "approve", "chair", APPROVED),
    ),
)


# 便民设施提升: rejected by the chair meeting, with the reason.

CONVENIENCE = Case(
    title="便民设施提升",
    created=30,
    author="office",
    fields={
        "category": Topic.Category.PUBLIC_SERVICES,
        "channel": Topic.Channel.PARTY_GOVERNMENT,
        "proposer_body": "经济委员会",
        "description": "党政点题：提升社区便民服务设施，包括便民服务点、公共厕所和休息座椅等。",
    },
    actions=(
        (29, "submit", "office", SUBMITTED),
        (
            25,
            "reject",
            "chair",
            {
                "reason": "与区政府今年民生实事项目“便民服务设施提升工程”内容重叠，"
                "建议由相关专委会在民主监督中跟踪，不单独列入协商计划。"
            },
        ),
    ),
)


# 垃圾分类: proposed, awaiting the chair meeting's approval.

WASTE_SORTING = Case(
    title="城乡生活垃圾分类",
    created=4,
    author="office",
    fields={
        "category": Topic.Category.ENVIRONMENT,
        "channel": Topic.Channel.PARTY_GOVERNMENT,
        "proposer_body": "城乡建设委员会",
        "description": "党政点题：城乡生活垃圾分类在农村地区分类准确率不高，"
        "投放点设置和收运体系需进一步完善。",
    },
    actions=((3, "submit", "office", SUBMITTED),),
)


# 居家养老: a draft, a joint proposal; member2 has not confirmed the co-signature yet.

HOME_CARE = Case(
    title="居家养老服务",
    created=2,
    author="member",
    cosigners=("member2",),
    fields={
        "category": Topic.Category.ELDERLY_CARE,
        "channel": Topic.Channel.PARTY_GOVERNMENT,
        "description": "党政点题：居家养老服务供给不足，助餐、助浴、上门医疗等服务覆盖面有待扩大，"
        "建议就完善居家养老服务体系开展协商。",
    },
)


CASES = [
    GAS,
    MEDIATORS,
    WATER,
    STREET_LIGHTS,
    ELEVATORS,
    OLD_COMMUNITIES,
    TREES,
    FARM_PRODUCE,
    RURAL_ROADS,
    RURAL_HEALTH,
    CONVENIENCE,
    WASTE_SORTING,
    HOME_CARE,
]
