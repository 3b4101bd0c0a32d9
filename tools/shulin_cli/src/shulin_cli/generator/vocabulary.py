"""The generator's words: taxonomy tags, names, places, dialects and activity kinds.

Skill and interest tags are canonical ascii slugs with their Chinese names. They mirror the
residents service's seed taxonomy; loaders send `name_zh` where a slug might be unknown, since
the residents service maps names and synonyms to its canonical tags.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tag:
    slug: str
    name_zh: str


SKILLS: tuple[Tag, ...] = (
    Tag("nurse", "护士"),
    Tag("doctor", "医生"),
    Tag("teacher", "教师"),
    Tag("lawyer", "律师"),
    Tag("counselling", "心理疏导"),
    Tag("appliance_repair", "家电维修"),
    Tag("plumbing", "水电维修"),
    Tag("haircut", "义剪"),
    Tag("calligraphy", "书法"),
    Tag("coffee", "咖啡"),
    Tag("cooking", "烹饪"),
    Tag("photography", "摄影"),
    Tag("digital_help", "手机电脑教学"),
    Tag("accounting", "会计"),
    Tag("mediation", "调解"),
    Tag("translation", "翻译"),
    Tag("childcare", "育儿"),
    Tag("driving", "驾驶"),
    Tag("elderly_care", "护理"),
)

INTERESTS: tuple[Tag, ...] = (
    Tag("square_dance", "广场舞"),
    Tag("tai_chi", "太极"),
    Tag("reading", "读书会"),
    Tag("parent_child", "亲子"),
    Tag("badminton", "羽毛球"),
    Tag("shared_garden", "共享菜地"),
    Tag("dance", "舞蹈"),
    Tag("choir", "合唱"),
    Tag("gateball", "门球"),
    Tag("chess", "象棋"),
    Tag("table_tennis", "乒乓球"),
    Tag("handicraft", "手工"),
    Tag("gardening", "园艺"),
    Tag("baking", "烘焙"),
    Tag("hiking", "徒步"),
    Tag("volunteering", "志愿服务"),
)

SKILL_NAMES: dict[str, str] = {tag.slug: tag.name_zh for tag in SKILLS}
INTEREST_NAMES: dict[str, str] = {tag.slug: tag.name_zh for tag in INTERESTS}
TAG_NAMES: dict[str, str] = {**SKILL_NAMES, **INTEREST_NAMES}
SLUG_BY_NAME: dict[str, str] = {name: slug for slug, name in TAG_NAMES.items()}

# Surnames with their share of the population in per mille (national figures; 黄/陈/梁/林 are
# more common in Guangdong, where the generated communities are).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 71), ("李", 70), ("张", 66), ("刘", 54), ("陈", 60), ("杨", 31), ("黄", 35),
    ("赵", 22), ("吴", 20), ("周", 19), ("徐", 13), ("孙", 13), ("马", 12), ("朱", 12),
    ("胡", 12), ("郭", 11), ("何", 14), ("林", 14), ("高", 10), ("罗", 10), ("郑", 9),
    ("梁", 13), ("谢", 8), ("宋", 7), ("唐", 7), ("许", 7), ("韩", 6), ("冯", 7), ("邓", 7),
    ("曹", 6), ("彭", 6), ("曾", 7), ("肖", 6), ("田", 5), ("董", 5), ("袁", 5), ("潘", 5),
    ("蔡", 5), ("蒋", 5), ("余", 5), ("于", 5), ("杜", 4), ("叶", 5), ("程", 4), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 3), ("卢", 4), ("钟", 4),
    ("冼", 1), ("区", 1), ("欧阳", 1), ("司徒", 1),
)  # fmt: skip

# Given names by birth cohort and gender: (latest birth year of the cohort, male, female).
GIVEN_NAMES: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (1955, ("建国", "国庆", "德明", "志华", "振华", "桂林", "福生", "炳坤", "金水", "永福"),
     ("秀英", "桂英", "玉兰", "淑珍", "凤英", "秀珍", "桂兰", "玉珍", "月娥", "惠芳")),
    (1975, ("建军", "卫东", "志强", "建平", "国强", "红军", "伟民", "建华", "庆华", "永强"),
     ("红梅", "丽华", "海燕", "秀兰", "丽娟", "春梅", "美玲", "爱华", "小红", "慧敏")),
    (1990, ("伟", "磊", "勇", "军", "涛", "斌", "超", "鹏", "俊杰", "志明"),
     ("丽", "娟", "敏", "静", "燕", "芳", "婷", "颖", "晓燕", "嘉欣")),
    (2005, ("浩", "宇", "杰", "鑫", "博", "晨", "俊熙", "家豪", "子健", "文轩"),
     ("婷婷", "佳", "欣", "雪", "琳", "倩", "梓琪", "晓彤", "诗婷", "嘉怡")),
    (9999, ("子轩", "浩然", "宇轩", "沐阳", "梓睿", "一鸣", "俊宇", "铭泽", "皓轩", "思远"),
     ("梓涵", "欣怡", "一诺", "雨桐", "子涵", "诗涵", "依依", "可馨", "语桐", "若汐")),
)  # fmt: skip

LOCAL_DIALECT = "粤语"
# Where newcomers come from and what they speak at home, weighted by how common they are.
HOME_REGIONS: tuple[tuple[str, str, int], ...] = (
    ("湖北", "湖北话", 14), ("四川", "四川话", 12), ("湖南", "湖南话", 16), ("广西", "桂柳话", 9),
    ("广东潮汕", "潮汕话", 11), ("广东梅州", "客家话", 10), ("江西", "赣语", 8),
    ("河南", "河南话", 10), ("广东湛江", "雷州话", 4), ("东北", "东北话", 3), ("福建", "闽南语", 3),
)  # fmt: skip

COMMUNITY_NAMES: tuple[tuple[str, str], ...] = (
    ("尖东社区", "佛山市南海区桂城街道"),
    ("新和社区", "深圳市坪山区坪山街道"),
    ("嘉怡社区", "佛山市南海区大沥镇"),
    ("樵华社区", "佛山市南海区西樵镇"),
    ("同成社区", "佛山市南海区桂城街道"),
)
COMPOUND_NAMES: tuple[str, ...] = (
    "金域蓝湾", "瑞康花园", "尚观嘉园", "海棠苑", "翠湖雅居", "南湖新村", "教师新村",
    "电力宿舍", "万科金域中央", "财富城一期", "碧桂花城", "丽景湾", "荔园小区", "锦绣华庭",
    "桂花苑", "怡翠豪庭", "星汇名庭", "东逸湾", "保利花园", "中海锦城", "朝阳新村", "华标涛汇",
    "富丽花园", "雅居乐", "岭南明珠", "紫荆花园", "天安新城", "金沙洲", "绿茵豪庭", "百合家园",
)  # fmt: skip

# Backgrounds (occupation, current or former) with adult weight and the skills they bring.
BACKGROUNDS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("teacher", 60, ("teacher", "calligraphy")),
    ("doctor", 18, ("doctor", "counselling")),
    ("nurse", 25, ("nurse", "elderly_care")),
    ("lawyer", 8, ("lawyer", "mediation")),
    ("electrician", 30, ("appliance_repair", "plumbing")),
    ("cook", 30, ("cooking",)),
    ("accountant", 30, ("accounting",)),
    ("engineer", 45, ("appliance_repair", "digital_help")),
    ("programmer", 35, ("digital_help", "translation")),
    ("hairdresser", 12, ("haircut",)),
    ("driver", 35, ("driving",)),
    ("cadre", 25, ("mediation",)),
    ("social_worker", 8, ("counselling", "mediation")),
    ("barista", 6, ("coffee",)),
    ("photographer", 5, ("photography",)),
    ("caregiver", 15, ("elderly_care", "childcare")),
    ("factory_worker", 160, ()),
    ("shopkeeper", 110, ()),
    ("office_worker", 200, ()),
)

# Skills picked up outside work: (skill, weight for under 50, weight for 50 and over).
HOBBY_SKILLS: tuple[tuple[str, int, int], ...] = (
    ("cooking", 10, 16), ("photography", 6, 4), ("digital_help", 9, 1), ("calligraphy", 1, 6),
    ("childcare", 5, 7), ("driving", 8, 3), ("translation", 4, 1),
    ("coffee", 3, 0), ("plumbing", 2, 3), ("elderly_care", 1, 4),
)  # fmt: skip

# (activity kind, title, place, tags, typical capacity, share of activities that are building-scoped)
ACTIVITY_TEMPLATES: tuple[tuple[str, str, str, tuple[str, ...], int, float], ...] = (
    ("FREE_CLINIC", "社区义诊：量血压、健康咨询", "党群服务中心", ("doctor", "nurse"), 80, 0.0),
    ("HUNDRED_FAMILY_BANQUET", "邻里节 · 百家宴", "中心广场", ("cooking",), 200, 0.0),
    ("READING_CLUB", "周末读书会", "社区共享书吧", ("reading",), 25, 0.0),
    ("FLEA_MARKET", "邻里乐跳蚤市场", "小区架空层", ("handicraft",), 150, 0.0),
    ("COUNCIL_MEETING", "楼栋议事会", "居委会会议室", ("mediation",), 30, 0.8),
    ("VOLUNTEER_PATROL", "楼长志愿巡逻", "小区门岗", ("volunteering",), 20, 0.3),
    ("NEIGHBOUR_FESTIVAL", "邻里节游园会", "中心广场", ("parent_child", "choir"), 300, 0.0),
    ("OTHER", "广场舞联谊", "中心广场", ("square_dance",), 60, 0.0),
    ("OTHER", "太极晨练", "小区花园", ("tai_chi",), 40, 0.0),
    ("OTHER", "亲子手工班", "儿童之家", ("parent_child", "handicraft"), 30, 0.0),
    ("OTHER", "家庭心理疏导讲座", "党群服务中心", ("counselling",), 50, 0.0),
    ("OTHER", "老年人茶话会", "长者饭堂", ("chess", "choir"), 40, 0.3),
    ("OTHER", "风采义剪", "社区服务站", ("haircut",), 30, 0.0),
    ("OTHER", "长者手机课堂", "社区服务站", ("digital_help",), 25, 0.2),
    ("OTHER", "羽毛球友谊赛", "社区体育馆", ("badminton",), 32, 0.0),
    ("OTHER", "共享菜地开耕日", "共享菜地", ("shared_garden", "gardening"), 30, 0.0),
    ("OTHER", "书法兴趣课", "社区书画室", ("calligraphy",), 20, 0.0),
    ("OTHER", "普法讲座：邻里纠纷怎么办", "居委会会议室", ("lawyer", "mediation"), 50, 0.0),
    ("OTHER", "烘焙分享会", "社区厨房", ("baking", "cooking"), 20, 0.0),
    ("OTHER", "周末徒步", "西樵山", ("hiking",), 30, 0.0),
    ("OTHER", "门球友谊赛", "门球场", ("gateball",), 24, 0.0),
    ("OTHER", "乒乓球交流赛", "社区活动室", ("table_tennis",), 32, 0.0),
)

WISH_TITLES: tuple[str, ...] = (
    "一台电视机", "一副老花镜", "帮忙换灯泡", "陪同去医院复查", "一个电饭煲", "孙子的课外书",
    "一台收音机", "一辆轮椅", "冬天的棉被", "修好漏水的水龙头", "教我用手机视频通话",
    "一个血压计", "帮忙理发", "陪我聊聊天", "一套学习桌椅",
)  # fmt: skip

REQUEST_TITLES: dict[str, str] = {
    "appliance_repair": "家里电视机坏了，求帮忙看看",
    "plumbing": "厨房水管漏水，求修理",
    "digital_help": "想学用手机挂号和视频通话",
    "childcare": "周末临时帮忙看一下孩子",
    "teacher": "孩子数学作业辅导",
    "lawyer": "租房合同纠纷咨询",
    "nurse": "需要上门量血压、换药",
    "doctor": "慢性病用药咨询",
    "haircut": "老人行动不便，求上门理发",
    "driving": "周六送老人去医院复查",
    "translation": "英文材料翻译",
    "accounting": "小店记账报税请教",
    "counselling": "家里老人情绪低落，想找人聊聊",
    "elderly_care": "老人术后需要短期护理指导",
    "cooking": "想学做几道家常菜",
    "photography": "给家里老人拍一组照片",
    "calligraphy": "想学写毛笔字",
    "mediation": "楼上噪音，想请人帮忙协调",
    "coffee": "想学手冲咖啡",
}
