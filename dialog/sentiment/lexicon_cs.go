package sentiment

// Customer-service complaint vocabulary, added on top of lexicon.go: the ways callers report that a service
// failed them without any emotion word ("the tracking number doesn't even work", "转来转去", "石沉大海"),
// rhetorical questions and the positive phrases of a problem solved ("working again", "处理好了"). Entries
// with weight 0 shadow a shorter, misleading match ("my card expired", "装好" is not "好").

const lexiconENCS = `
-0.5 no replacement
-0.4 no alternative
-0.6 no apology
-0.5 no compensation
-0.6 no explanation
-0.6 was empty
-0.6 arrived empty
-0.6 came empty
-0.5 no hot water
-0.5 no heating
-0.4 no power
-0.5 no internet
-0.5 no signal
-0.4 no electricity
-0.5 no wifi
-0.6 dead pixel
-0.4 substituted
# Failure and defect vocabulary by domain (physical, digital, service process), fourth pass.
-0.5 sparks
-0.5 sparking
-0.4 smoking
-0.6 burning smell
-0.5 overheating
-0.5 overheats
-0.5 melted
-0.45 dripping
-0.4 drips
-0.5 flooding
-0.5 flooded
-0.6 mould
-0.6 mold
-0.4 damp
-0.5 rusty
-0.5 rusted
-0.5 chipped
-0.5 shrunk
-0.5 shrank
-0.5 frayed
-0.4 wobbly
-0.4 rattling
-0.4 rattles
-0.4 squeaking
-0.4 squeaks
-0.4 buzzing
-0.45 flickering
-0.45 flickers
-0.5 jammed
-0.45 jams
-0.5 clogged
-0.5 tripping the
-0.6 blew a fuse
-0.8 infested
-0.8 cockroaches
-0.8 bed bugs
-0.4 mice
-0.5 smelly
-0.6 stinks
-0.8 filthy
-0.6 grubby
-0.8 unhygienic
-0.6 stone cold
-0.5 stale
-0.5 soggy
-0.6 undercooked
-0.5 burnt
-0.8 inedible
-0.4 out of date
-0.5 leaky
-0.5 squashed
-0.6 tampered
-0.5 wiped
-0.5 vanished
-0.6 corrupted
-0.6 unresponsive
-0.5 laggy
-0.5 lagging
-0.4 error message
-0.4 error code
-0.5 blank screen
-0.4 timed out
-0.6 hacked
-0.4 duplicated
-0.7 got nowhere
-0.7 getting nowhere
-0.6 no progress
-0.4 no news
-0.8 fobbed off
-0.7 brushed off
-0.8 palmed off
-0.5 mix-up
-0.4 mix up
-0.5 mixed up
-0.5 conflicting
-0.5 contradicting
-0.5 contradictory
-0.6 different answers
-0.5 different answer
-0.5 inconsistent
-0.7 misinformed
-0.8 misled
-0.8 mis-sold
-0.8 mis sold
-0.7 hidden charge
-0.7 hidden charges
-0.6 unexpected charge
-0.6 way off
-0.6 inaccurate
-0.45 incorrect
-0.6 overbooked
-0.6 double booked
-0.6 double-booked
-0.6 no-show
-0.6 turned away
-0.5 mislaid
-0.6 wrong house
-0.5 wrong person
-0.5 wrong name
-0.5 wrong part
-0.5 not mentioned
-0.6 never mentioned
-0.5 small print
-0.5 money back
-0.6 my money back
-0.6 arrived cold
-0.5 cuts out
-0.6 keeps cutting out
-0.5 drops out
-0.5 pixelated
-0.5 for nothing
-0.6 dirty
-0.5 sagging
0.4 ideal
-0.6 not ideal
-0.4 wrong information
# Chase is also a bank's name (CLINC150: "my chase account").
0 my chase
0 at chase
0 from chase
0 through chase
0 does chase
0 chase account
0 chase card
0 chase bank
0 chase credit
0 chase savings
0 chase checking
0 chase routing
0 chase unlimited
0 chase visa
0 chase s
0 chase bill
0 chase mortgage
0 chase money
-0.8 wits end
-0.8 wit s end
0.4 acceptable
-0.7 distressed
-0.5 exhausted
-0.8 cheesed off
-0.8 hacked off
-0.5 incomplete
-0.6 sad
-0.7 pointless
0.8 massive help
0.8 huge help
0.8 big help
0.8 great help
0.8 a lifesaver
0.7 helped a lot
-0.9 last straw
-0.9 shambles
-0.9 shambolic
-1 cheers for nothing
-0.7 do you even
-0.7 does anyone even
-0.6 even though i paid
-0.6 without asking
-0.6 without asking me
-0.6 without telling me
-0.6 without my permission
-0.6 without my consent
-0.6 without any warning
-0.5 without warning
-0.5 without notice
-0.9 driving me crazy
-0.9 driving me mad
-0.9 drives me crazy
-0.9 driving me nuts
-0.9 up the wall
-0.8 i am done with
-0.8 done with this
-0.8 had enough
-0.9 i have had enough
-1 disgusted
-0.7 shocked
-1 appalled
-0.9 horrified
-0.7 embarrassing
-0.6 headache
-0.9 talking to a wall
-0.9 brick wall
-1 fraudulent
-0.9 theft
-0.9 stealing
-0.9 robbed
-1 daylight robbery
-0.8 absurd
-1 outrageous
-0.7 insane
-0.5 crazy
-0.8 laughable
-0.8 shocking
-1 abysmal
-0.9 dreadful
-0.8 shoddy
-0.7 sloppy
-0.7 careless
-0.8 negligent
-0.8 clueless
-0.9 incompetence
-0.6 poorly
-0.6 badly
-0.6 worse
-0.4 transferred
-0.5 get transferred
-0.6 keep getting transferred
-0.7 transfer me again
-0.7 transferred again
-0.7 bounced around
-0.7 passed around
-0.3 different department
-0.7 been on hold
-0.8 kept on hold
-0.5 put on hold
-0.5 hold for
-0.7 hung up on
-0.6 call dropped
-0.6 dropped the call
-0.5 disconnected
-0.7 no callback
-0.8 never called back
-0.8 never got back
-0.7 did not call back
-0.8 nobody called back
-0.8 no one called back
-0.6 not called back
-0.7 zero replies
-0.6 no replies
-0.7 never replied
-0.6 did not reply
-0.7 never responded
-0.6 never answer
-0.6 never answers
-0.6 ever answer
-0.6 nobody answers
-0.6 no one answers
-0.6 nobody ever
-0.6 no one ever
-0.6 nobody told me
-0.6 no one told me
-0.6 without any notice
-0.5 without notice
-0.5 without warning
-0.8 without my permission
-0.8 without my consent
-0.7 never agreed
-0.6 did not agree
-0.8 did not authorize
-0.8 never authorized
-0.4 charged me
-0.4 billed me
-0.8 still charging
-0.6 still taking
-0.8 still billing
-0.8 still being charged
-0.8 keep getting billed
-0.8 keep getting charged
-0.4 getting billed
-0.4 getting charged
-0.5 taking money
-0.7 took my money
-0.6 taken my money
-0.7 hidden fee
-0.7 hidden fees
-0.4 extra charge
-0.8 double billed
-0.8 billed twice
-0.7 overbilled
-0.7 overcharging
-0.6 billing error
-0.6 incorrect charge
-0.6 wrong charge
-0.6 wrong amount
-0.6 wrong size
-0.6 wrong color
-0.6 wrong colour
-0.6 wrong order
-0.6 wrong one
-0.7 sent me the wrong
-0.5 missing
-0.6 were missing
-0.6 was missing
-0.5 is missing
-0.6 missing from
-0.7 never showed
-0.7 did not show up
-0.7 has not shown up
-0.7 never turned up
-0.7 did not turn up
-0.5 no technician
-0.7 no show
-0.6 stood up
-0.6 has not moved
-0.6 not moved
-0.5 not updated
-0.5 stuck
-0.6 soaked
-0.3 wet
-0.8 destroyed
-0.6 crushed
-0.5 dented
-0.5 torn
-0.5 stained
-0.5 leaks
-0.4 smells
-0.7 moldy
-0.7 mouldy
-0.8 rotten
-0.6 spoiled
-0.3 cold
-0.8 fell apart
-0.8 falling apart
-0.7 came apart
-0.7 stopped working
-0.7 quit working
-0.7 will not turn on
-0.7 does not turn on
-0.7 will not start
-0.8 does not even work
-0.4 does not even
-0.3 not even
-0.6 does not work
-0.6 not working
-0.7 never works
-0.7 keeps dropping
-0.6 crashes
-0.6 crashing
-0.6 freezes
-0.6 freezing
-0.5 glitch
-0.6 glitchy
-0.6 buggy
-0.6 logs me out
-0.5 kicked out
-0.6 locked out
-0.6 got locked
-0.4 can not access
-0.3 can not log in
-0.3 can not login
-0.8 can not get anyone
-0.7 can not get through
-0.6 can not reach
-0.6 can not find anything
-0.5 can not even
-0.6 unreachable
-0.6 down since
-0.6 has been down
-0.4 is down
-0.5 outage
-0.6 no service
-0.5 no signal
-0.5 no internet
-0.7 too slow
-0.6 still processing
-0.4 still showing
-0.6 still pending
-0.7 still no
-0.8 still nothing
-0.7 yet again
-0.4 every time
-0.7 every single time
-0.7 over and over
-0.7 again and again
-0.6 keep saying
-0.6 keeps saying
-0.4 you keep
-0.6 keep telling
-0.6 nothing happens
-0.6 nothing is happening
-0.6 nothing ever
-0.6 not a penny
-0.6 seen a penny
-0.3 escalate
-0.8 formal complaint
-0.8 file a complaint
-0.8 make a complaint
-0.8 raise a complaint
-0.8 lodge a complaint
-0.6 complaining
-0.8 worse service
-0.9 bad service
-0.9 poor service
-0.9 terrible service
-0.3 out of stock
-0.5 no notice
-0.9 not how you treat
-0.6 how you treat
-0.7 treat me like
-0.7 treated like
-0.3 loyal customer
-0.3 loyal customers
-0.6 all due respect
-0.8 pretend to care
-0.3 at least
-0.7 do not care
-0.7 does not care
-0.8 nobody cares
-0.8 no one cares
-0.7 read me the script
-0.7 reading me the script
-0.7 reading from a script
-0.3 script
-0.5 actually help
-0.5 actually listen
-0.5 just listen
-0.5 listen to me
-0.5 listen to what
-0.7 let me guess
-0.7 expected better
-0.9 expected a lot better
-0.9 expected much better
-0.8 expected more
-0.6 expect better
-0.6 nothing like
-0.8 not as described
-0.8 not as advertised
-0.8 misrepresented
-0.9 false advertising
-0.6 too complicated
-0.4 complicated
-0.3 difficult
-0.5 impossible
-0.7 frustration
-0.7 frustrates
-1 infuriating
-1 infuriated
-0.7 irritated
-0.7 irritating
-0.8 aggravating
-0.8 exasperated
-1 fuming
-0.7 gutted
-0.8 heartbroken
-0.9 devastated
-0.6 stressed
-0.5 anxious
-0.6 so tired
-0.6 chasing
-0.5 chase
-0.6 hassle
-0.8 pain in the
-0.6 a pain
-0.5 painful
-0.8 waste of
-0.9 wasting my time
-0.9 wasted my
-0.3 whole afternoon
-0.3 whole day
-0.3 all day
-0.6 for no reason
-0.4 no reason
-0.6 no explanation
-0.4 close my account
-0.5 cancel my account
-0.5 closing my account
-0.6 leaving you
-0.7 take my business
-0.7 last time i
-0.8 never order
-0.8 never buy
-0.7 never use
-0.9 would not recommend
-0.9 do not recommend
-0.9 how hard can it be
-0.9 how difficult can it be
-0.9 how difficult is it
-0.9 are you kidding
-0.8 you are kidding
-0.9 you must be kidding
-0.9 got to be kidding
-0.8 are you serious
-0.7 you are joking
-0.8 are you joking
-0.8 give me a break
-0.5 what is going on
-0.6 what is the point
-0.9 what the hell
-0.6 what on earth
-0.8 why does nobody
-0.8 why does no one
-0.8 why is nobody
-0.7 why am i being
-0.7 why do i have to
-0.6 why should i
-0.7 is this how
-0.8 this is how you
-0.9 too much to ask
-0.6 could you at least
-0.8 at least pretend
-0.4 seriously
-0.3 frankly
-0.7 have not heard back
-0.7 not heard back
-0.7 heard nothing
-0.5 no word
-0.5 have not heard
-0.7 still have not seen
-0.3 weeks ago
-0.6 after i cancelled
-0.6 after i canceled
-0.6 after cancelling
-0.7 even though i cancelled
-0.5 after you already
-0.5 already took
-0.5 still have not
-0.6 not fixed
-0.6 not resolved
-0.6 never fixed
-0.6 never resolved
-0.5 broke again
-0.5 broke down
-0.6 is broken
-0.6 arrived broken
-0.6 arrived damaged
-0.5 cracked
-0.6 shattered
-0.5 dead on arrival
-0.4 overdrawn
-0.6 lost my package
-0.6 lost my parcel
-0.6 lost my order
-0.5 been stolen
-0.4 stolen
-0.7 let down
-0.7 let me down
-0.7 rip me off
-0.8 ripping me off
-0.8 ripped off
-0.7 nowhere
-0.6 round in circles
-0.6 in circles
-0.6 same answer
-0.6 same thing
-0.6 same problem
-0.6 same issue
-0.5 again about
-0.6 have to call again
-0.5 call again
-0.6 no help at all
-0.6 no use
-0.4 rebook
-0.6 useless
-0.5 sarcastic
-0.6 condescending
-0.6 patronizing
-0.6 patronising
-0.7 ridiculous
-0.6 a mess
-0.6 is a mess
-0.7 total mess
0.6 working again
0.6 works again
0.5 working now
0.5 works now
0.5 came through
0.6 all sorted
0.5 that is sorted
0.7 painless
0.6 much easier
0.4 easier
0.3 clearly
0.3 explained
0.8 much appreciated
0.6 appreciate it
0.9 going the extra mile
0.8 extra mile
0.9 above and beyond
0.9 made my day
0.8 you are a star
0.7 kind of you
0.3 have a good day
0.3 have a nice day
0.3 have a great day
0.7 feel much better
0.5 feel better
0.6 reassured
0.6 reassuring
0.4 helped
0.5 speedy
0.4 prompt
0.4 promptly
0.6 courteous
0.5 perfectly
0.5 sorted it
0.6 fixed it
0.5 that fixed
0.6 spot on
0.5 smoothly
0.4 works great
0.6 really happy
0.5 love it
0 no problem with
0 not a problem
0 any problem
0 a problem with my account
0 damaged items
0 if a parcel arrives damaged
0 in case
0 cancel my order
0 cancel my subscription
0 my card expired
0 forgot my password
`

const lexiconZHCS = `
0 对不对
0 对吗
0.3 没有别的问题
0.3 没别的问题
0.3 没有其他问题
0.3 没其他问题
-0.6 不是我要的
-0.5 坏点
-0.6 吞卡
-0.5 吞了
-0.4 没热水
-0.4 没暖气
-0.3 啥也没
# 故障与缺陷词（实物、数字、服务流程），第四轮。
-0.5 火花
-0.6 冒烟
-0.6 烧焦
-0.6 焦味
-0.5 过热
-0.45 发烫
-0.45 烫手
-0.5 滴水
-0.6 渗水
-0.8 漏电
-0.5 跳闸
-0.5 霉
-0.5 凹陷
-0.5 缩水
-0.5 松动
-0.4 嗡嗡
-0.4 闪烁
-0.5 卡住
-0.5 堵了
-0.5 堵塞
-0.8 蟑螂
-0.6 老鼠
-0.6 虫子
-0.6 馊
-0.4 凉了
-0.4 冰的
-0.4 冰凉
-0.6 不新鲜
-0.6 夹生
-0.6 没熟
-0.5 糊了
-0.5 清空
-0.5 消失了
-0.6 被删
-0.5 白屏
-0.4 转圈
-0.5 加载不出
-0.4 被盗
-0.6 盗号
-0.6 骚扰
-0.6 没进展
-0.6 没有进展
-0.6 一点进展
-0.5 没结果
-0.7 推脱
-0.7 搪塞
-0.7 不理人
-0.8 挂我电话
-0.7 挂了我
-0.6 说法不一
-0.5 个说法
-0.7 前后矛盾
-0.7 误导
-0.9 虚假宣传
-0.7 隐藏费用
-0.4 没写
-0.5 没说明
-0.4 压了
-0.6 拖着
-0.7 不给退
-0.6 退不了
-0.6 退不掉
-0.7 不给办
-0.5 办不了
-0.5 翻了一倍
-0.4 翻倍
-0.4 晚了
-0.5 迟到
-0.4 没带
-0.6 带错
-0.6 送错
-0.6 弄错
-0.5 对不上
-0.3 不对
-0.5 差太多
-0.6 还是冰的
-0.3 收了我
-0.7 什么都没修
-0.5 没修
-0.7 白跑一趟
-0.3 就走了
-0.4 钱退回来
-0.5 脏
-0.7 害我
-0.7 害得我
-0.5 不应该啊
-0.5 不应该这样
-0.7 难过
-0.6 焦虑
-0.5 无奈
-0.5 头大
-0.9 气愤
-0.7 不爽
-0.6 异响
-0.5 噪音
-0.5 杂音
-0.6 掉漆
-0.5 脱落
-0.6 生锈
-0.5 不全
-0.5 不齐
-0.5 缺了
-0.4 涨价
-0.8 乱涨价
-0.7 搞砸
-0.7 弄砸
-0.5 搞坏
-0.8 起诉
-0.5 律师
-0.6 升级处理
-0.5 不解释
0 好久没用
0 很久没用
0 一直没用过
0 没用过
0 没怎么用
-0.7 糟
-0.9 一团糟
-0.9 乱七八糟
-0.4 乱
0 乱码
0 胡乱
-0.5 停机
-0.5 断网
-0.6 不符
-0.7 不是一回事
-0.8 货不对板
-0.5 所谓的
-0.7 绕圈子
-0.6 来回折腾
-0.6 折腾
0.7 大忙
0.8 太感谢
0 出差
0 相差
0 差额
0 时差
0 误差
0 差点
0 差旅
0 坑位
-0.8 打不通
-0.5 占线
-0.7 老是占线
-0.7 接不通
-0.7 一直占线
-0.8 转来转去
-0.8 推来推去
-0.9 互相推诿
-0.8 推诿
-0.6 碎了
-0.6 是碎的
-0.4 碎
-0.6 裂了
-0.6 裂开
-0.6 掉色
-0.6 褪色
-0.5 起球
-0.5 开线
-0.6 开胶
-0.5 变形
-0.5 划痕
-0.6 压扁
-0.6 压坏
-0.6 洒了
-0.6 漏了
-0.6 漏水
-0.8 发霉
-0.8 变质
-0.8 过期食品
-0.6 异味
-0.6 臭
-0.7 不制冷
-0.7 不制热
-0.7 不开机
-0.7 开不了机
-0.7 充不进电
-0.7 充不了电
-0.6 黑屏
-0.6 死机
-0.7 卡死
-0.5 卡顿
-0.6 闪退
-0.7 崩了
-0.8 又崩
-0.6 一动不动
-0.6 没动静
-0.5 没更新
-0.5 不更新
-0.4 躺了
-0.7 莫名其妙
-0.7 不明不白
-0.6 没人通知
-0.6 也不通知
-0.5 没通知
-0.5 不通知
-0.8 擅自
-0.7 私自
-0.6 偷偷
-0.4 扣费
-0.4 扣钱
-0.8 还在扣
-0.6 还扣
-0.9 乱扣
-0.5 被扣
-0.7 多收了
-0.7 多扣了
-0.5 根本不知道
-0.9 倒闭
-0.8 摆设
-0.9 形同虚设
-0.7 空话
-0.9 一句空话
-0.9 说话不算数
-0.7 不算数
-1 言而无信
-1 骗消费者
-0.6 骗
-1 欺诈
-1 诈骗
-1 黑心
-1 奸商
-0.9 坑钱
-0.8 被坑
-0.7 折腾
-0.7 费劲
-0.5 费事
-0.7 太麻烦
-0.7 这么麻烦
-0.6 繁琐
-0.8 就这么难
-0.7 这么难
-0.7 太难了
-0.6 要命
-0.6 慢得
-0.9 慢死了
-0.8 龟速
-0.6 磨蹭
-0.8 拖拖拉拉
-0.8 拖了这么久
-0.5 这么久
-0.5 这么长时间
-0.7 没耐心
-0.7 没有耐心
-0.9 寒心
-0.9 心寒
-0.6 委屈
-0.8 憋屈
-0.9 窝火
-0.9 火大
-0.9 恼火
-0.6 头疼
-0.7 心烦
-0.8 烦人
-0.9 让人失望
-0.9 不像话
-1 岂有此理
-0.9 有没有搞错
-0.4 搞错
-0.9 开什么玩笑
-0.7 开玩笑吧
-0.7 逗我
-0.9 耍我
-0.9 当我傻
-0.8 什么态度
-0.8 就这种态度
-0.9 态度很差
-0.9 态度太差
-0.8 不专业
-0.7 不礼貌
-0.7 没礼貌
-0.8 只会说抱歉
-0.6 只会说
-0.8 光说不做
-0.7 没有实际行动
-0.7 一点实际行动
-0.9 石沉大海
-0.9 杳无音信
-0.8 没下文
-0.8 没有下文
-0.8 不了了之
-0.7 没回音
-0.6 没回复
-0.7 没人回
-0.8 人影都没
-0.8 连个人影
-0.6 一个人都没
-0.6 没有一个人
-0.6 没一个人
-0.8 不归他们管
-0.8 不归我们管
-0.7 找谁都
-0.8 谁都不管
-0.8 没人负责
-0.5 毛病
-0.6 老毛病
-0.7 一样的毛病
-0.6 还是一样
-0.7 还是老样子
-0.7 没修好
-0.7 修不好
-0.6 没解决
-0.6 没有解决
-0.8 都解决不了
-0.5 没听懂
-0.8 鸡同鸭讲
-0.9 给差评
-0.9 投诉你们
-0.9 要投诉
-0.6 退钱
-0.4 我不要了
-0.8 不会再买
-0.8 拉黑
-0.8 浪费我
-0.7 白跑
-0.7 白费
-0.3 排队
-0.4 排了
-0.6 等半天
-0.6 老半天
-0.7 等到现在
-0.7 到现在还
-0.7 到现在也
-0.4 至今
-0.6 还没到账
-0.5 没到账
-0.6 还没退
-0.8 刚买完就降
-0.6 吃亏
-0.6 不值
-0.6 不值得
-0.9 货不对板
-0.8 与描述不符
-0.8 和描述不符
-0.8 图片不符
-0.7 完全不一样
-1 以次充好
-0.6 假的
-0.8 山寨
-0.9 劣质
-0.9 破质量
-0.4 明明
-0.8 明明是你们
-0.6 你们的问题
-0.8 你们的错
-0.7 你们的责任
-0.6 怎么还
-0.7 怎么老是
-0.4 老是
-0.3 总是
-0.5 每次都
-0.7 又让我
-0.6 还让我
-0.5 让我等
-0.6 一直让我
-0.5 一直说
-0.5 到底要
-0.7 到底什么时候
-0.6 什么时候才
-0.6 才接通
-0.6 靠谱一点
-0.6 认真一点
-0.7 上点心
-0.7 用点心
-0.8 负点责任
-0.4 好心好意
-0.6 第几次
-0.4 扣了
-0.6 被收了
-0.4 不知道的
-0.7 气死了
-0.8 快被气死
-0.7 太折腾
-0.6 慢
-0.5 延误
-0.5 延迟
-0.6 耽误
-0.7 耽误我
-0.6 一拖再拖
-0.6 还没发
-0.6 没发出
-0.5 弄丢
-0.6 丢失
-0.6 少了一件
-0.5 少了
-0.6 缺件
-0.6 不见了
-0.3 被取消
-0.4 取消了我的
-0.7 乱收
-0.7 多收
-0.6 收费不合理
-0.7 强制
-0.6 霸王条款
-0.8 太坑
-0.8 真坑
-0.6 差劲
-0.7 太烂
-0.7 不好用
-0.7 很难用
-0.7 难用
-0.6 不灵
-0.6 失灵
-0.6 坏掉
-0.6 又坏
-0.6 断网
-0.6 掉线
-0.6 信号差
-0.6 网速慢
-0.6 上不了网
-0.5 连不上
-0.3 登录不了
-0.6 登不进
-0.5 打不开
-0.6 没人管
0.5 很快
0.7 速度很快
0.7 速度快
0.4 这么快
0.6 第二天就到
0.6 当天就到
0.6 挺好
0.5 精致
0.5 用心
0.8 点赞
0.8 点个赞
0.9 物超所值
0.7 超值
0.5 划算
0.5 实惠
0.7 五星
0.4 认真
0.5 细心
0.6 体贴
0.6 省心
0.5 舒服
0.8 太棒
0.4 祝你
0.5 工作顺利
0.2 麻烦你了
0.6 处理好了
0.7 处理得很好
0.6 修好了
0.6 能用了
0.4 恢复了
0.4 到账了
0.3 已经收到
0.3 收到了
0.6 很喜欢
0.3 没想到
0.5 帮我跟进
0.4 终于
0 装好
0 买好
0 设置好
0 填好
0 写好
0 准备好了
0 退订
0 不想要了
0 不要了
0 取消订单
0 可以重新
0 过期了
0 不小心
0 坏了的话
0 怎么处理
0 好心
`
