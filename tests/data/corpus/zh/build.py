"""Fills the hand-written Chinese and mixed sentences below (placeholders for customers, dates, amounts, stages,
priorities, tickets and people) with a fixed seed into `all.jsonl`, each line with its `template`.

Written before any Chinese rule existed, as reps type them: little punctuation, colloquial, input-method slips
(腾迅 for 腾讯, 跟近 for 跟进, 工但 for 工单), English customer names mixed in. Reference time: 2026-11-25T10:00
(a Wednesday). Placeholders: {c} a customer as said (English, Chinese with or without its suffix, or pinyin),
{c2} a second one, {d} a date, {dt} a date with a time, {a} an amount, {s} a stage, {p} a priority, {t} a ticket
number, {u} a teammate, {n} a count, {new} a company nobody knows. A label value "C" is the stored name of {c},
"C2" of {c2}, "D"/"DT" the date, "A"/"CUR" the amount and its currency, "S" "P" "T" "U" "N" "NEW" the rest.

    python tests/data/corpus/zh/build.py   # then split.py, once
"""
from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261204

CUSTOMERS = [  # (as said, stored name)
    ("initech", "Initech"), ("Initech", "Initech"), ("globex", "Globex Ltd"), ("Globex", "Globex Ltd"),
    ("hooli", "Hooli"), ("Hooli", "Hooli"), ("stark", "Stark Industries"), ("Stark Industries", "Stark Industries"),
    ("wayne enterprises", "Wayne Enterprises"), ("soylent", "Soylent Foods"), ("wonka", "Wonka Chocolate"),
    ("Tyrell", "Tyrell Systems"), ("vandelay", "Vandelay Industries"), ("Dunder Mifflin", "Dunder Mifflin"),
    ("nakatomi", "Nakatomi Trading"), ("Pied Piper", "Pied Piper"), ("contoso", "Contoso Ltd"),
    ("Fabrikam", "Fabrikam Inc"), ("northwind", "Northwind Traders"), ("Cyberdyne", "Cyberdyne Systems"),
    ("black mesa", "Black Mesa"), ("Acme Labs", "Acme Labs"), ("acme corp", "Acme Corporation"),
    ("Zephyr Robotics", "Zephyr Robotics"), ("redwood", "Redwood Analytics"), ("Ironclad", "Ironclad Security"),
    ("orion pharma", "Orion Pharma"), ("Vertex Solar", "Vertex Solar"), ("lumen labs", "Lumen Labs"),
    ("Atlas Freight", "Atlas Freight"), ("dragonfly", "Dragonfly Games"), ("Pinecone Software", "Pinecone Software"),
    ("腾讯", "腾讯科技有限公司 (Tencent)"), ("腾讯科技", "腾讯科技有限公司 (Tencent)"),
    ("Tencent", "腾讯科技有限公司 (Tencent)"), ("tengxun", "腾讯科技有限公司 (Tencent)"),
    ("腾迅", "腾讯科技有限公司 (Tencent)"), ("腾讯科技有限公司", "腾讯科技有限公司 (Tencent)"),
    ("阿里巴巴", "阿里巴巴集团 (Alibaba)"), ("阿里", "阿里巴巴集团 (Alibaba)"), ("alibaba", "阿里巴巴集团 (Alibaba)"),
    ("阿里巴巴集团", "阿里巴巴集团 (Alibaba)"), ("华为", "华为技术有限公司 (Huawei)"), ("Huawei", "华为技术有限公司 (Huawei)"),
    ("huawei", "华为技术有限公司 (Huawei)"), ("华为技术", "华为技术有限公司 (Huawei)"),
    ("小米", "小米科技有限责任公司 (Xiaomi)"), ("xiaomi", "小米科技有限责任公司 (Xiaomi)"),
    ("京东", "京东集团 (JD)"), ("jingdong", "京东集团 (JD)"), ("京东集团", "京东集团 (JD)"),
    ("比亚迪", "比亚迪股份有限公司 (BYD)"), ("BYD", "比亚迪股份有限公司 (BYD)"), ("biyadi", "比亚迪股份有限公司 (BYD)"),
    ("字节", "字节跳动 (ByteDance)"), ("字节跳动", "字节跳动 (ByteDance)"), ("ByteDance", "字节跳动 (ByteDance)"),
    ("海尔", "海尔集团 (Haier)"), ("Haier", "海尔集团 (Haier)"), ("大疆", "大疆创新科技有限公司 (DJI)"),
    ("DJI", "大疆创新科技有限公司 (DJI)"), ("dajiang", "大疆创新科技有限公司 (DJI)"), ("大疆创新", "大疆创新科技有限公司 (DJI)"),
    ("百度", "百度在线网络技术有限公司 (Baidu)"), ("baidu", "百度在线网络技术有限公司 (Baidu)"),
    ("顺丰", "顺丰速运有限公司 (SF Express)"), ("SF Express", "顺丰速运有限公司 (SF Express)"),
    ("顺丰速运", "顺丰速运有限公司 (SF Express)"), ("星辰咨询", "星辰咨询有限公司"), ("xingchen", "星辰咨询有限公司"),
    ("星辰咨询有限公司", "星辰咨询有限公司"), ("蓝天物流", "蓝天物流集团"), ("蓝天物流集团", "蓝天物流集团"),
    ("长江建材", "长江建材股份有限公司"), ("长江建材股份有限公司", "长江建材股份有限公司"),
]
NEW = ["星海贸易有限公司", "Umbrella Dynamics", "远航科技", "金桥资本", "绿源农业集团", "Blue Harbor", "恒通电子",
       "Sakura Foods", "明德教育", "云帆软件"]
DATES = [("今天", "2026-11-25"), ("明天", "2026-11-26"), ("明儿", "2026-11-26"), ("后天", "2026-11-27"),
         ("大后天", "2026-11-28"), ("下周一", "2026-11-30"), ("下星期一", "2026-11-30"), ("下周三", "2026-12-02"),
         ("周五", "2026-11-27"), ("星期五", "2026-11-27"), ("礼拜五", "2026-11-27"), ("这周五", "2026-11-27"),
         ("周四", "2026-11-26"), ("月底", "2026-11-30"), ("3天后", "2026-11-28"), ("三天后", "2026-11-28"),
         ("两天后", "2026-11-27"), ("一周后", "2026-12-02"), ("两周后", "2026-12-09"), ("12月3日", "2026-12-03"),
         ("12月3号", "2026-12-03"), ("12月10号", "2026-12-10"), ("1月5日", "2027-01-05"), ("下周五", "2026-12-04"),
         ("11月30号", "2026-11-30"), ("5天后", "2026-11-30")]
DAY_TIMES = [("明天下午3点", "2026-11-26T15:00"), ("明天上午10点", "2026-11-26T10:00"),
             ("周五下午三点", "2026-11-27T15:00"), ("后天早上9点", "2026-11-27T09:00"),
             ("下周一上午10点", "2026-11-30T10:00"), ("今天下午4点", "2026-11-25T16:00"),
             ("今天晚上8点", "2026-11-25T20:00"), ("12月3日下午2点半", "2026-12-03T14:30"),
             ("明天中午12点", "2026-11-26T12:00"), ("周四下午5点", "2026-11-26T17:00"),
             ("下午3点", "2026-11-25T15:00"), ("明天9点", "2026-11-26T09:00")]
AMOUNTS = [("1.2万", 12000, None), ("12万元", 120000, "CNY"), ("5千", 5000, None), ("¥20k", 20000, "CNY"),
           ("3百万", 3000000, None), ("50万", 500000, None), ("两万", 20000, None), ("八千块", 8000, "CNY"),
           ("30万人民币", 300000, "CNY"), ("2.5万美元", 25000, "USD"), ("$15k", 15000, "USD"), ("80k", 80000, None),
           ("100万", 1000000, None), ("6万5", 65000, None), ("十万", 100000, None), ("3000欧元", 3000, "EUR"),
           ("45000", 45000, None), ("1.5百万", 1500000, None), ("二十万", 200000, None), ("9千元", 9000, "CNY")]
STAGES = [("线索", "lead"), ("合格", "qualified"), ("已确认需求", "qualified"), ("方案", "proposal"),
          ("报价", "proposal"), ("谈判", "negotiation"), ("商务谈判", "negotiation"), ("赢单", "won"),
          ("成交", "won"), ("签约", "won"), ("输单", "lost"), ("丢单", "lost")]
PRIORITIES = [("紧急", "urgent"), ("高优先级", "high"), ("优先级高", "high"), ("低优先级", "low"),
              ("很急", "urgent"), ("不急", "low")]
PEOPLE = ["maria", "raj", "john", "olga", "tom", "lucas"]
SUBJECTS = ["发票缺失", "登录不了", "导出报表报错", "数据同步失败", "付款失败", "sso配置有问题", "账单金额不对",
            "app闪退", "收不到验证码", "接口超时"]

# (intent, sentence, slots): slot values "C", "D", ... are filled from the placeholders (see the docstring)
SENTENCES: list[tuple[str, str, dict]] = [
    # log_activity
    ("log_activity", "记录一下和{c}的电话 他们要演示 {d}跟进", {"kind": "call", "customer": "C", "follow_up": "D"}),
    ("log_activity", "记录一下和{c}的电话，他们要演示，{d}跟进", {"kind": "call", "customer": "C", "follow_up": "D"}),
    ("log_activity", "刚给{c}打了电话 对方说预算还没批", {"kind": "call", "customer": "C"}),
    ("log_activity", "跟{c}通了个电话 聊了下价格", {"kind": "call", "customer": "C"}),
    ("log_activity", "和{c}电话沟通了合同细节 {d}跟近", {"kind": "call", "customer": "C", "follow_up": "D"}),
    ("log_activity", "打给{c}没人接 {d}再打", {"kind": "call", "customer": "C", "follow_up": "D"}),
    ("log_activity", "给{c}打电话了 他们在比较hubspot {d}再跟进一下", {"kind": "call", "customer": "C", "follow_up": "D"}),
    ("log_activity", "跟{c}视频通话了 要一份安全问卷", {"kind": "call", "customer": "C"}),
    ("log_activity", "今天去{c}拜访了 聊得不错", {"kind": "meeting", "customer": "C"}),
    ("log_activity", "和{c}开了个会 他们对报价有意见", {"kind": "meeting", "customer": "C"}),
    ("log_activity", "跟{c}见了面 老板很感兴趣 {d}回访", {"kind": "meeting", "customer": "C", "follow_up": "D"}),
    ("log_activity", "{c}的demo做完了 客户很满意", {"kind": "meeting", "customer": "C"}),
    ("log_activity", "上午和{c}开会 讨论了上线计划", {"kind": "meeting", "customer": "C"}),
    ("log_activity", "记录下 跟{c}的会议 他们要再看看方案 {d}跟进", {"kind": "meeting", "customer": "C", "follow_up": "D"}),
    ("log_activity", "给{c}发了邮件 报价单已发", {"kind": "email", "customer": "C"}),
    ("log_activity", "发邮件给{c}了 {d}再跟进", {"kind": "email", "customer": "C", "follow_up": "D"}),
    ("log_activity", "把合同邮件发给{c}了", {"kind": "email", "customer": "C"}),
    ("log_activity", "已经email{c}产品资料了", {"kind": "email", "customer": "C"}),
    ("log_activity", "{c}回邮件了 说下个月再说", {"kind": "email", "customer": "C"}),
    ("log_activity", "{c}那边说下个季度再考虑", {"kind": "note", "customer": "C"}),
    ("log_activity", "记一下 {c}的采购换人了", {"kind": "note", "customer": "C"}),
    ("log_activity", "{c}反馈说产品太贵 {d}再联系", {"kind": "note", "customer": "C", "follow_up": "D"}),
    ("log_activity", "备注 {c}预算批下来了", {"kind": "note", "customer": "C"}),
    ("log_activity", "{c}：对交付时间不满意 {d}回个电话", {"kind": "note", "customer": "C", "follow_up": "D"}),
    ("log_activity", "记录{c} 他们法务还在看合同", {"kind": "note", "customer": "C"}),
    ("log_activity", "{c}说cfo已经同意了 记一下", {"kind": "note", "customer": "C"}),
    ("log_activity", "{c}卡在采购流程 {d}跟进", {"kind": "note", "customer": "C", "follow_up": "D"}),
    # create_deal
    ("create_deal", "给{c}新建一个单子 {a}", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("create_deal", "新商机 {c} {a}", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("create_deal", "{c}新单 金额{a} 阶段{s}", {"customer": "C", "amount": "A", "currency": "CUR", "stage": "S"}),
    ("create_deal", "帮我建个商机 {c} {a} 预计{d}成交", {"customer": "C", "amount": "A", "currency": "CUR",
                                                 "expected_close": "D"}),
    ("create_deal", "创建交易 {c} {a}", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("create_deal", "加个{c}的单子 {a}", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("create_deal", "新建商机{c}{a}", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("create_deal", "{c}有个新机会 大概{a} 帮我录一下", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("create_deal", "开个新单 {c} 金额{a}", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("create_deal", "新建deal {c} {a} {s}阶段", {"customer": "C", "amount": "A", "currency": "CUR", "stage": "S"}),
    ("create_deal", "给{new}建个单子 {a}", {"customer": "NEW", "amount": "A", "currency": "CUR"}),
    # move_deal
    ("move_deal", "把{c}的单子推进到{s}", {"customer": "C", "stage": "S"}),
    ("move_deal", "{c}推到{s}", {"customer": "C", "stage": "S"}),
    ("move_deal", "{c}的商机移到{s}阶段", {"customer": "C", "stage": "S"}),
    ("move_deal", "把{c}改成{s}", {"customer": "C", "stage": "S"}),
    ("move_deal", "{c}那单进入{s}了 更新下阶段", {"customer": "C", "stage": "S"}),
    ("move_deal", "{c} 阶段改为{s}", {"customer": "C", "stage": "S"}),
    ("move_deal", "{c}的deal挪到{s}", {"customer": "C", "stage": "S"}),
    ("move_deal", "{c}签了合同 改成赢单", {"customer": "C", "stage": "won"}),
    ("move_deal", "{c}的单子丢了 标记为输单", {"customer": "C", "stage": "lost"}),
    ("move_deal", "把{c}标成{s}", {"customer": "C", "stage": "S"}),
    ("move_deal", "move {c}到{s}", {"customer": "C", "stage": "S"}),
    # update_deal
    ("update_deal", "{c}的单子金额改成{a}", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("update_deal", "{c}那单现在是{a}了", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("update_deal", "把{c}的商机金额调整为{a}", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("update_deal", "{c}的单子预计{d}成交", {"customer": "C", "expected_close": "D"}),
    ("update_deal", "{c}单子改到{d}结单", {"customer": "C", "expected_close": "D"}),
    ("update_deal", "{c}的deal金额应该是{a}", {"customer": "C", "amount": "A", "currency": "CUR"}),
    ("update_deal", "{c}那个单子涨到{a}了", {"customer": "C", "amount": "A", "currency": "CUR"}),
    # show_deal
    ("show_deal", "{c}的单子怎么样了", {"customer": "C"}),
    ("show_deal", "{c}那个单子到哪一步了", {"customer": "C"}),
    ("show_deal", "{c}的商机现在什么阶段", {"customer": "C"}),
    ("show_deal", "{c}赢单了吗", {"customer": "C"}),
    ("show_deal", "{c}的单子赢率多少", {"customer": "C"}),
    ("show_deal", "{c}那单进展如何", {"customer": "C"}),
    ("show_deal", "{c}的deal值多少钱", {"customer": "C"}),
    ("show_deal", "我们跟{c}的单子到哪了", {"customer": "C"}),
    # open_ticket
    ("open_ticket", "给{c}开个工单 {subj} {p}", {"customer": "C", "priority": "P"}),
    ("open_ticket", "给{c}开个工单：{subj}，{p}", {"customer": "C", "priority": "P"}),
    ("open_ticket", "{c}报了个问题 {subj} 帮忙建个工单", {"customer": "C"}),
    ("open_ticket", "新建工单 {c} {subj}", {"customer": "C"}),
    ("open_ticket", "帮{c}提个工单 {subj}", {"customer": "C"}),
    ("open_ticket", "{c}那边{subj} 开个{p}工单", {"customer": "C", "priority": "P"}),
    ("open_ticket", "开工但 {c} {subj}", {"customer": "C"}),
    ("open_ticket", "给{c}创建一个支持工单 关于{subj}", {"customer": "C"}),
    ("open_ticket", "{c}投诉{subj} 建个工单吧", {"customer": "C"}),
    # update_ticket
    ("update_ticket", "关闭工单{t}", {"ticket": "T", "status": "closed"}),
    ("update_ticket", "把{t}号工单关了", {"ticket": "T", "status": "closed"}),
    ("update_ticket", "工单{t}已解决", {"ticket": "T", "status": "resolved"}),
    ("update_ticket", "#{t}解决了", {"ticket": "T", "status": "resolved"}),
    ("update_ticket", "#{t}改成紧急", {"ticket": "T", "priority": "urgent"}),
    ("update_ticket", "把工单{t}分配给{u}", {"ticket": "T", "assignee": "U"}),
    ("update_ticket", "{t}号工单交给{u}处理", {"ticket": "T", "assignee": "U"}),
    ("update_ticket", "{t}号工单重新打开", {"ticket": "T", "status": "open"}),
    ("update_ticket", "工单{t}优先级改成低", {"ticket": "T", "priority": "low"}),
    ("update_ticket", "工单{t}先挂起", {"ticket": "T", "status": "pending"}),
    ("update_ticket", "工单{t}分给我", {"ticket": "T", "assignee": "me"}),
    ("update_ticket", "把#{t}的优先级调高", {"ticket": "T", "priority": "high"}),
    # show_ticket
    ("show_ticket", "工单{t}怎么样了", {"ticket": "T"}),
    ("show_ticket", "{t}号工单什么状态", {"ticket": "T"}),
    ("show_ticket", "#{t}？", {"ticket": "T"}),
    ("show_ticket", "查一下工单{t}", {"ticket": "T"}),
    ("show_ticket", "看看{t}号单", {"ticket": "T"}),
    ("show_ticket", "工单{t}解决了吗", {"ticket": "T"}),
    ("show_ticket", "ticket {t}现在啥情况", {"ticket": "T"}),
    # show_tickets
    ("show_tickets", "我的工单", {"assignee": "me"}),
    ("show_tickets", "所有未分配的工单", {"unassigned": True}),
    ("show_tickets", "紧急工单有哪些", {"priority": "urgent"}),
    ("show_tickets", "{c}的工单", {"customer": "C"}),
    ("show_tickets", "超过{n}天的工单", {"older_days": "N"}),
    ("show_tickets", "超时的工单", {"breaching": True}),
    ("show_tickets", "分配给我的紧急工单", {"assignee": "me", "priority": "urgent"}),
    ("show_tickets", "看看{c}所有的工单", {"customer": "C"}),
    ("show_tickets", "没人处理的工单", {"unassigned": True}),
    ("show_tickets", "{u}手上的工单", {"assignee": "U"}),
    ("show_tickets", "列出所有工单", {}),
    ("show_tickets", "超出sla的工单有几个", {"breaching": True}),
    # show_customer
    ("show_customer", "{c}的情况怎么样", {"customer": "C"}),
    ("show_customer", "看看{c}", {"customer": "C"}),
    ("show_customer", "{c}的资料", {"customer": "C"}),
    ("show_customer", "{c}的电话是多少", {"customer": "C"}),
    ("show_customer", "查一下{c}", {"customer": "C"}),
    ("show_customer", "我们上次联系{c}是什么时候", {"customer": "C"}),
    ("show_customer", "{c}是谁负责的", {"customer": "C"}),
    ("show_customer", "{c}的客户信息发我看看", {"customer": "C"}),
    ("show_customer", "{c}最近怎么样", {"customer": "C"}),
    # show_top_customers
    ("show_top_customers", "显示前五个客户", {"limit": 5}),
    ("show_top_customers", "前{n}大客户", {"limit": "N"}),
    ("show_top_customers", "最大的客户是哪些", {}),
    ("show_top_customers", "消费最多的客户", {"metric": "revenue"}),
    ("show_top_customers", "评分最高的{n}个客户", {"limit": "N", "metric": "score"}),
    ("show_top_customers", "top {n}客户", {"limit": "N"}),
    ("show_top_customers", "给我看看前三名客户", {"limit": 3}),
    ("show_top_customers", "收入最高的十个客户", {"limit": 10, "metric": "revenue"}),
    ("show_top_customers", "头部客户有哪些", {}),
    # show_pipeline
    ("show_pipeline", "看看销售漏斗", {}),
    ("show_pipeline", "我的单子", {"owner": "me"}),
    ("show_pipeline", "这个月要成交的单子", {"close_from": "2026-11-01", "close_to": "2026-11-30"}),
    ("show_pipeline", "{u}的单子", {"owner": "U"}),
    ("show_pipeline", "{s}阶段的单子", {"stage": "S"}),
    ("show_pipeline", "超过{a}的单子", {"min_amount": "A"}),
    ("show_pipeline", "本季度赢的单子", {"stage": "won", "close_from": "2026-10-01", "close_to": "2026-12-31"}),
    ("show_pipeline", "{n}天没动静的单子", {"idle_days": "N"}),
    ("show_pipeline", "pipeline怎么样了", {}),
    ("show_pipeline", "本周要成交的单子", {"close_from": "2026-11-23", "close_to": "2026-11-29"}),
    ("show_pipeline", "下个月要签的单子", {"close_from": "2026-12-01", "close_to": "2026-12-31"}),
    ("show_pipeline", "最大的几个单子", {"sort": "amount"}),
    ("show_pipeline", "我在{s}的商机", {"owner": "me", "stage": "S"}),
    ("show_pipeline", "所有商机列一下", {}),
    # show_segment
    ("show_segment", "有流失风险的客户", {"segment": "at_risk"}),
    ("show_segment", "沉睡客户有哪些", {"segment": "hibernating"}),
    ("show_segment", "忠诚客户列表", {"segment": "loyal"}),
    ("show_segment", "看看冠军客户", {"segment": "champions"}),
    ("show_segment", "新客户分群", {"segment": "new"}),
    ("show_segment", "已流失的客户", {"segment": "lost"}),
    ("show_segment", "显示at risk分群的客户", {"segment": "at_risk"}),
    # add_customer
    ("add_customer", "新增客户{new}", {"customer": "NEW"}),
    ("add_customer", "加一个客户 {new} 邮箱 hi@newco.example", {"customer": "NEW", "email": "hi@newco.example"}),
    ("add_customer", "新客户：{new}", {"customer": "NEW"}),
    ("add_customer", "添加客户 {new} 在上海", {"customer": "NEW"}),
    ("add_customer", "帮我录个新客户 {new}", {"customer": "NEW"}),
    # remind
    ("remind", "提醒我{d}给{c}发合同", {"when": "D", "customer": "C"}),
    ("remind", "{dt}提醒我给{c}打电话", {"when": "DT", "customer": "C"}),
    ("remind", "提醒我{d}跟进{c}", {"when": "D", "customer": "C"}),
    ("remind", "每周一提醒我看报表", {"recurrence": "FREQ=WEEKLY;BYDAY=MO"}),
    ("remind", "每天提醒我检查工单", {"recurrence": "FREQ=DAILY"}),
    ("remind", "设个提醒 {dt} 开会", {"when": "DT"}),
    ("remind", "{d}提醒我一下 续约的事", {"when": "D"}),
    ("remind", "记得{dt}叫我给{c}回电话", {"when": "DT", "customer": "C"}),
    ("remind", "提醒下我{dt}准备演示", {"when": "DT"}),
    ("remind", "每个月1号提醒我发账单", {"recurrence": "FREQ=MONTHLY;BYMONTHDAY=1"}),
    # show_reminders
    ("show_reminders", "我的提醒", {}),
    ("show_reminders", "今天有什么待办", {"days": 1}),
    ("show_reminders", "这周要做什么", {"days": 7}),
    ("show_reminders", "未来{n}天的提醒", {"days": "N"}),
    ("show_reminders", "看看我的待办事项", {}),
    ("show_reminders", "有哪些提醒", {}),
    # help
    ("help", "帮助", {}), ("help", "你能做什么", {}), ("help", "这个怎么用", {}), ("help", "有哪些功能", {}),
    ("help", "教我怎么用这个机器人", {}), ("help", "help 一下", {}), ("help", "我不会用 帮帮我", {}),
    # undo
    ("undo", "撤销", {}), ("undo", "撤回刚才的操作", {}), ("undo", "撤销上一步", {}), ("undo", "刚才那个撤回", {}),
    ("undo", "undo一下", {}), ("undo", "搞错了 撤销", {}), ("undo", "把刚才的改动恢复回去", {}),
    # cancel
    ("cancel", "算了", {}), ("cancel", "取消", {}), ("cancel", "不用了", {}), ("cancel", "没事了 算了", {}),
    ("cancel", "先不弄了", {}), ("cancel", "取消吧 不要了", {}),
    # correct
    ("correct", "不对 是{c}", {"customer": "C"}),
    ("correct", "我是说{a}", {"amount": "A", "currency": "CUR"}),
    ("correct", "不对 改成{d}", {"date": "D"}),
    ("correct", "应该是{s}", {"stage": "S"}),
    ("correct", "不是电话 是开会", {"kind": "meeting"}),
    ("correct", "说错了 金额是{a}", {"amount": "A", "currency": "CUR"}),
    ("correct", "不是这个客户 是{c}", {"customer": "C"}),
    # invite_customer
    ("invite_customer", "邀请{c}加入telegram", {"customer": "C"}),
    ("invite_customer", "给{c}发个邀请链接", {"customer": "C"}),
    ("invite_customer", "生成{c}的邀请链接", {"customer": "C"}),
    ("invite_customer", "把{c}拉到电报上", {"customer": "C"}),
    # invite_rep
    ("invite_rep", "我想在telegram上用你", {}), ("invite_rep", "把我的telegram连上", {}),
    ("invite_rep", "给我一个telegram链接", {}), ("invite_rep", "绑定我的电报", {}),
    ("invite_rep", "我怎么在telegram上找你", {}),
    # set_notify_via
    ("set_notify_via", "提醒发到telegram", {"via": "telegram"}),
    ("set_notify_via", "以后通过slack通知我", {"via": "slack"}),
    ("set_notify_via", "用邮件通知我", {"via": "email"}),
    ("set_notify_via", "通知发短信给我", {"via": "sms"}),
    ("set_notify_via", "把我的提醒改到电报", {"via": "telegram"}),
    # subscribe_digest
    ("subscribe_digest", "订阅每日摘要", {"frequency": "daily"}),
    ("subscribe_digest", "每周一早上8点给我发周报", {"frequency": "weekly", "weekday": "mon", "at": "08:00"}),
    ("subscribe_digest", "我要订阅日报", {"frequency": "daily"}),
    ("subscribe_digest", "每月发我一份汇总", {"frequency": "monthly"}),
    ("subscribe_digest", "开通每日简报", {"frequency": "daily"}),
    # unsubscribe_digest
    ("unsubscribe_digest", "取消订阅摘要", {}), ("unsubscribe_digest", "不要再发日报了", {}),
    ("unsubscribe_digest", "关掉每日汇总", {}), ("unsubscribe_digest", "退订周报", {}),
    # show_digest
    ("show_digest", "看看今天的摘要", {}), ("show_digest", "给我看下日报", {}), ("show_digest", "今天的汇总呢", {}),
    ("show_digest", "团队摘要给我看看", {}),
    # send_outreach
    ("send_outreach", "给流失风险的客户发消息：我们想念您 本月8折", {"segment": "at_risk"}),
    ("send_outreach", "群发给沉睡客户：新功能上线了", {"segment": "hibernating"}),
    ("send_outreach", "给忠诚客户群发 感谢一年的支持", {"segment": "loyal"}),
    ("send_outreach", "给冠军客户发个消息 新版提前体验", {"segment": "champions"}),
    # show_outreach
    ("show_outreach", "群发进度怎么样", {}), ("show_outreach", "外联发送情况", {}), ("show_outreach", "群发发完了吗", {}),
    ("show_outreach", "看看群发的历史", {}),
    # update_customer
    ("update_customer", "把{c}改名为{new}", {"customer": "C", "new_name": "NEW"}),
    ("update_customer", "{c}的邮箱改成info@new.example", {"customer": "C", "email": "info@new.example"}),
    ("update_customer", "把{c}交给{u}", {"customer": "C", "owner": "U"}),
    ("update_customer", "给{c}打个标签 合作伙伴", {"customer": "C", "tags": "合作伙伴"}),
    ("update_customer", "归档{c}", {"customer": "C", "archive": "archive"}),
    ("update_customer", "{c}的城市改成上海", {"customer": "C", "city": "上海"}),
    # merge_customers
    ("merge_customers", "把{c}合并到{c2}", {"customer": "C", "into": "C2"}),
    ("merge_customers", "{c}是{c2}的重复 合并一下", {"customer": "C", "into": "C2"}),
    ("merge_customers", "合并{c}和{c2}", {"customer": "C", "into": "C2"}),
    # contacts
    ("add_contact", "{c}新增联系人 王芳 财务总监", {"contact": "王芳", "customer": "C", "title": "财务总监"}),
    ("add_contact", "添加联系人李明 {c}的采购经理", {"contact": "李明", "customer": "C", "title": "采购经理"}),
    ("add_contact", "给{c}加个联系人 张伟", {"contact": "张伟", "customer": "C"}),
    ("update_contact", "王芳的邮箱改成wf@example.com", {"contact": "王芳", "email": "wf@example.com"}),
    ("update_contact", "李明现在是销售总监了", {"contact": "李明", "title": "销售总监"}),
    ("update_contact", "张伟的电话换成13800138000", {"contact": "张伟", "phone": "13800138000"}),
    ("delete_contact", "从{c}的联系人里删掉王芳", {"contact": "王芳", "customer": "C"}),
    ("delete_contact", "删除联系人李明", {"contact": "李明"}),
    ("delete_contact", "把张伟从{c}的联系人删了", {"contact": "张伟", "customer": "C"}),
    ("show_contacts", "{c}的联系人", {"customer": "C"}),
    ("show_contacts", "我们在{c}认识谁", {"customer": "C"}),
    ("show_contacts", "{c}有哪些联系人", {"customer": "C"}),
    # unknown: chatter
    ("unknown", "今天天气不错", {}), ("unknown", "午饭吃什么", {}), ("unknown", "哈哈哈哈", {}),
    ("unknown", "周末有人去爬山吗", {}), ("unknown", "老板今天心情好像不错", {}), ("unknown", "谁改了slack频道名", {}),
    ("unknown", "开会开到头疼", {}), ("unknown", "你好", {}), ("unknown", "谢谢", {}), ("unknown", "晚安", {}),
    ("unknown", "wifi密码是多少", {}), ("unknown", "今晚有球赛 谁看", {}), ("unknown", "咖啡机又坏了", {}),
    ("unknown", "好的 收到", {}), ("unknown", "明天团建去哪", {}), ("unknown", "这周好累啊", {}),
    ("unknown", "电话会议几点开始", {}), ("unknown", "谁有充电器借一下", {}), ("unknown", "下班一起吃火锅吗", {}),
    ("unknown", "这个季度的kpi好难", {}), ("unknown", "hr说年终奖下个月发", {}), ("unknown", "打印机没纸了", {}),
    ("unknown", "我先去开会了", {}), ("unknown", "ok没问题", {}), ("unknown", "哈哈 笑死", {}), ("unknown", "周五放假吗", {}),
    ("unknown", "👍👍", {}), ("unknown", "你是机器人吗", {}), ("unknown", "我今天请假", {}), ("unknown", "楼下新开了家奶茶店", {}),
    ("help", "怎么建单子", {}), ("help", "你会干啥", {}), ("help", "使用说明", {}),
    ("undo", "退回上一步操作", {}), ("undo", "刚刚那步撤销掉", {}), ("undo", "反悔了 撤回", {}),
    ("cancel", "不要了", {}), ("cancel", "别弄了 取消", {}), ("cancel", "算了算了", {}),
    ("invite_rep", "我也想用telegram跟你聊", {}), ("invite_rep", "发我电报的绑定链接", {}),
    ("set_notify_via", "提醒都发slack", {"via": "slack"}), ("set_notify_via", "以后提醒走whatsapp", {"via": "whatsapp"}),
    ("subscribe_digest", "每天早上9点发我日报", {"frequency": "daily", "at": "09:00"}),
    ("subscribe_digest", "订阅周报 通过slack", {"frequency": "weekly", "via": "slack"}),
    ("unsubscribe_digest", "日报别发了", {}), ("unsubscribe_digest", "取消每周汇总", {}),
    ("show_digest", "今天的简报", {}), ("show_digest", "摘要看一下", {}),
    ("send_outreach", "给有流失风险的客户群发：回来看看吧 有优惠", {"segment": "at_risk"}),
    ("send_outreach", "给新客户发条消息 欢迎使用", {"segment": "new"}),
    ("show_outreach", "群发到哪了", {}), ("show_outreach", "外联进度", {}),
    ("show_segment", "快流失的客户", {"segment": "at_risk"}), ("show_segment", "不活跃的客户", {"segment": "hibernating"}),
    ("show_reminders", "明天有啥要做的", {}), ("show_reminders", "我这周的提醒", {"days": 7}),
    ("update_contact", "王芳升职了 现在是财务副总裁", {"contact": "王芳", "title": "财务副总裁"}),
    ("update_contact", "李明的telegram是@liming88", {"contact": "李明", "telegram": "liming88"}),
    ("show_top_customers", "谁是我们最大的客户", {}), ("show_top_customers", "最值钱的{n}个客户", {"limit": "N"}),
    ("show_pipeline", "谈判中的单子有哪些", {"stage": "negotiation"}), ("show_pipeline", "{u}在跟的商机", {"owner": "U"}),
    ("show_tickets", "未解决的工单", {"status": "open"}), ("show_tickets", "{c}还有哪些没解决的工单", {"customer": "C", "status": "open"}),
    ("show_ticket", "{t}号工单给我看下", {"ticket": "T"}),
    ("update_ticket", "{t}搞定了 关掉吧", {"ticket": "T", "status": "closed"}),
    ("show_customer", "{c}的邮箱是啥", {"customer": "C"}),
    ("show_deal", "{c}的单子能成吗", {"customer": "C"}),
    ("unknown", "嗯嗯", {}), ("unknown", "在吗", {}), ("unknown", "早上好", {}), ("unknown", "辛苦了", {}),
]
# how many fillings each sentence gets: the slotless ones once or twice, the rest more
FILLS = {"log_activity": 5, "create_deal": 6, "move_deal": 6, "update_deal": 6, "show_deal": 5, "open_ticket": 6,
         "update_ticket": 3, "show_ticket": 3, "show_customer": 5, "remind": 4, "correct": 3, "invite_customer": 4,
         "update_customer": 3, "merge_customers": 3, "add_contact": 3, "delete_contact": 2, "show_contacts": 3,
         "add_customer": 3, "show_tickets": 2, "show_pipeline": 2, "show_top_customers": 2}


def fill(sentence: str, slots: dict, rng: random.Random) -> tuple[str, dict]:
    c, c2 = rng.sample(CUSTOMERS, 2)
    while c2[1] == c[1]:
        c2 = rng.choice(CUSTOMERS)
    d, dt, a = rng.choice(DATES), rng.choice(DAY_TIMES), rng.choice(AMOUNTS)
    s, p, new = rng.choice(STAGES), rng.choice(PRIORITIES), rng.choice(NEW)
    t, u, n = rng.choice([42, 88, 1042, 1100, 305, 77, 2203, 19]), rng.choice(PEOPLE), rng.choice([3, 5, 7, 10, 20, 30])
    text = sentence.format(c=c[0], c2=c2[0], d=d[0], dt=dt[0], a=a[0], s=s[0], p=p[0], t=t, u=u, n=n, new=new,
                           subj=rng.choice(SUBJECTS))
    values = {"C": c[1], "C2": c2[1], "D": d[1], "DT": dt[1], "A": a[1], "CUR": a[2], "S": s[1], "P": p[1], "T": t,
              "U": u, "N": n, "NEW": new}
    out = {k: values.get(v, v) if isinstance(v, str) else v for k, v in slots.items()}
    return text, {k: v for k, v in out.items() if v is not None}


def main() -> None:
    rng = random.Random(SEED)
    rows, seen = [], set()
    for number, (intent, sentence, slots) in enumerate(SENTENCES):
        fills = FILLS.get(intent, 1) if "{" in sentence else 1
        for _ in range(fills):
            text, filled = fill(sentence, slots, rng)
            if text not in seen:
                seen.add(text)
                rows.append({"text": text, "intent": intent, "slots": filled, "template": number})
    (HERE / "all.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} utterances from {len(SENTENCES)} sentences")


if __name__ == "__main__":
    main()
