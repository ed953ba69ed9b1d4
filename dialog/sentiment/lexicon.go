package sentiment

// The lexicons are written for customer-service calls: besides general emotion words they weigh the
// phrases callers use when a service has failed them ("still haven't received", "charged twice",
// "踢皮球"). Format: one entry per line, "weight<TAB-or-space>term"; English terms are token sequences,
// Chinese terms are matched as substrings (longest first). Weights are roughly -1 (strong anger) … +1.

const lexiconEN = `
-1 terrible
-1 awful
-1 horrible
-1 worst
-1 unacceptable
-0.9 ridiculous
-1 disgusting
-1 pathetic
-0.9 useless
-1 furious
-1 outraged
-1 livid
-1 scam
-1 scammed
-1 fraud
-1 rip off
-1 ripoff
-1 rip-off
-0.9 incompetent
-1 disgrace
-1 disgraceful
-1 appalling
-1 atrocious
-0.9 nightmare
-0.9 hate
-0.9 angry
-0.8 mad
-0.8 disappointed
-0.8 disappointing
-0.8 disappointment
-0.8 frustrated
-0.8 frustrating
-0.7 annoyed
-0.7 annoying
-0.8 upset
-0.8 unhappy
-0.8 dissatisfied
-0.8 unsatisfied
-1 fed up
-0.9 sick of
-1 sick and tired
-1 waste of time
-1 waste of money
-0.7 wasted
-0.9 worthless
-0.9 garbage
-0.9 trash
-0.8 crap
-0.9 sucks
-1 bullshit
-0.4 damn
-0.4 hell
-1 wtf
-0.8 lousy
-0.5 poor
-0.7 bad
-0.9 rude
-0.9 unprofessional
-1 liar
-1 liars
-0.9 lied
-0.8 lying
-1 cheated
-0.9 cheat
-0.7 misleading
-0.6 broken
-0.6 damaged
-0.6 defective
-0.6 faulty
-0.6 smashed
-0.6 cracked
-0.35 wrong
-0.35 missing
-0.35 lost
-0.35 late
-0.4 delayed
-0.4 delay
-0.8 never arrived
-0.8 never received
-0.8 never came
-0.8 never showed up
-0.6 still not
-0.6 still have not
-0.6 still has not
-0.5 still waiting
-0.5 have not received
-0.5 has not arrived
-0.5 not received
-0.5 did not receive
-0.5 not arrived
-0.5 has not shown up
-0.7 charged twice
-0.7 double charged
-0.7 charged me twice
-0.7 overcharged
-0.7 charged me again
-0.3 nobody
-0.3 no one
-0.7 ignored
-0.6 ignoring
-0.6 complaint
-0.6 complaints
-0.6 complain
-0.6 reclamation
-0.6 claim against
-0.6 customer claim
-0.6 consumer claim
-0.6 file a claim
-0.6 lodge a claim
-0.3 problem
-0.25 issue
-0.3 error
-0.4 failed
-0.4 fails
-0.5 not working
-0.5 does not work
-0.5 did not work
-0.5 stopped working
-0.5 keeps crashing
-0.6 can not believe
-0.6 unbelievable
-0.5 for hours
-0.5 for weeks
-0.5 for days
-0.5 for a month
-0.4 on hold
-0.5 been waiting
-0.5 waited
-0.6 wrong item
-0.7 not what i ordered
-0.4 worried
-0.3 concerned
-0.3 confused
-0.3 confusing
-0.6 stressful
-0.9 disaster
-0.6 mess
-0.7 messed up
-0.8 screwed up
-0.4 inconvenience
-0.4 inconvenient
-0.7 unfair
-0.6 shame
-0.8 shameful
-0.9 never again
-0.7 go elsewhere
-0.9 business elsewhere
-0.7 report you
-0.5 lawyer
-0.7 sue
-0.6 bbb
-0.7 unreliable
-0.4 slow
-0.6 too long
-0.5 forever
-0.4 ages
-0.7 give up
-0.8 kidding me
-0.5 you people
-0.9 what is wrong with you
-0.7 how hard is it
-0.7 how many times
-0.6 for the last time
-0.6 already told you
-0.5 already said
-0.5 just said
-0.6 not listening
-0.9 stupid
-0.8 dumb
-1 idiot
-1 idiots
-1 moron
-0.9 shut up
-1 thanks for nothing
-1 thank you for nothing
-0.8 yeah right
-0.8 what a joke
-0.6 joke
-0.6 no help
-0.7 not helpful
-0.6 unhelpful
-0.5 hopeless
-0.7 horrendous
-0.4 expensive
-0.5 overpriced
-0.5 third time
-0.5 fourth time
-0.5 second time
-0.6 once again
-0.3 again
-0.6 unresolved
-0.4 hung up
-0.6 cut off
-0.5 ripped
-0.6 not acceptable
-0.5 not good enough
-0.6 sick
-0.6 tired of
-0.5 nonsense
-0.7 pissed
-0.9 pissed off
-0.4 disappear
-0.4 disappeared
-0.4 refuse
-0.5 refused
-0.5 overdue
-0.5 wrong address
-0.6 ruined
-0.5 unusable
-0.5 scratched
-0.5 leaking
-0.6 unauthorized
-0.6 unauthorised
-0.3 cancel everything
-0.8 wasting
-0.6 waste
-0.6 nothing has changed
-0.5 nothing happened
-0.5 no update
-0.5 no updates
-0.6 no response
-0.6 no reply
-0.4 no answer
-0.5 straight answer
-0.5 so hard
-0.4 does not exist
-0.6 nobody called
-0.6 no one called
-0.6 never called
-0.6 never got
-0.5 not paying
-0.6 so-called
-0.4 was promised
-0.3 supposed to
-0.6 fake
-0.4 someone else
-0.6 not what i expected
-0.6 nice job
-0.5 not again
-0.5 rejected
-0.4 denied
-0.5 nothing works
-0.5 still broken
-0.4 no idea
-0.5 get nowhere
-0.5 going nowhere
-0.5 run around
-0.5 runaround
0.5 thanks
0.5 thank you
0.5 thank
0.5 thx
0.7 great
0.5 good
0.9 excellent
0.8 perfect
0.8 wonderful
0.8 awesome
0.8 amazing
0.8 fantastic
0.7 love
0.7 happy
0.7 pleased
0.6 glad
0.6 appreciate
0.6 appreciated
0.6 helpful
0.5 nice
0.2 fine
0.1 ok
0.1 okay
0.3 quick
0.3 quickly
0.3 fast
0.3 easy
0.5 resolved
0.5 solved
0.5 fixed
0.3 works
0.3 worked
0.6 satisfied
0.8 brilliant
0.9 superb
0.9 outstanding
0.6 lovely
0.5 kind
0.5 friendly
0.5 polite
0.7 best
0.4 cool
0.3 no problem
0.3 not a problem
0.3 no worries
0.5 all good
0.5 much better
0.3 better
0.6 well done
0.7 good job
0.7 impressed
0.7 grateful
0.9 delighted
0.5 exactly what
0.4 sorted
0.5 recommend
0.6 smooth
0.5 patient
0.5 professional
0.6 thrilled
0.7 excited
0.4 enjoy
0.5 enjoyed
0.6 relieved
0.5 cheers
0.4 reasonable
0.5 terrific
0.5 lifesaver
0.6 life saver
0.5 legend
0.5 beautiful
0.3 finally
0.4 efficient
0.5 reliable
0 kind of
0 sort of
0.1 good morning
0.1 good afternoon
0.1 good evening
0.1 good day
0 no longer
0 lost my password
0 if possible
`

const lexiconZH = `
-0.8 不满意
-0.8 不满
-0.8 失望
-0.8 生气
-1 气死
-1 愤怒
-0.9 太差
-0.9 差劲
-0.6 差
-0.8 糟糕
-1 垃圾
-1 骗子
-1 骗人
-0.9 欺骗
-0.9 坑人
-0.6 坑
-0.6 投诉
-0.25 问题
-0.4 故障
-0.6 坏了
-0.6 破损
-0.6 损坏
-0.6 摔坏
-0.6 发错
-0.5 少发
-0.5 漏发
-0.6 丢件
-0.4 丢了
-0.5 还没收到
-0.5 没收到
-0.5 一直没
-0.6 迟迟
-0.3 等了
-0.6 等了半天
-0.6 等了好久
-0.3 好几天
-0.7 太慢
-0.3 慢
-0.5 催了
-0.3 多次
-0.5 好几次
-0.5 怎么回事
-0.3 什么意思
-0.8 搞什么
-1 搞什么鬼
-0.9 有病
-0.8 无语
-0.8 受不了
-0.6 烦
-1 烦死了
-0.6 郁闷
-0.9 恶心
-0.8 离谱
-0.9 太过分
-0.7 过分
-0.9 不负责任
-0.8 敷衍
-0.7 推卸
-0.8 踢皮球
-0.9 态度差
-1 态度恶劣
-0.8 不靠谱
-0.9 乱扣费
-0.7 重复扣款
-0.7 扣了两次
-0.7 多扣
-0.6 维权
-0.7 12315
-0.6 消协
-0.7 曝光
-0.8 差评
-0.8 再也不
-0.9 浪费时间
-0.5 浪费
-0.8 白等
-0.7 没用
-0.8 没人管
-0.8 没人理
-0.6 不理
-0.6 不回复
-0.5 听不懂
-0.8 答非所问
-0.6 呵呵
-0.7 服了
-0.7 醉了
-0.8 崩溃
-0.4 着急
-0.4 担心
-0.3 不方便
-0.5 遗憾
-0.9 可恶
-1 混蛋
-1 王八蛋
-0.9 滚
-0.7 凭什么
-0.3 到底
-0.6 还要等多久
-0.6 要等到什么时候
-0.3 错误
-0.4 失败
-0.5 不能用
-0.5 用不了
-0.4 打不开
-0.4 登不上
-0.9 质量差
-1 假货
-0.4 不行
-0.5 太贵
-0.4 乱收费
-0.6 一直在等
-0.6 又是
-0.5 又要
-0.7 又出问题
-0.6 怎么又
-0.5 还是没
-0.6 还是不行
-0.5 拖
-0.7 拖了
-0.6 拖延
-0.8 忽悠
-0.7 糊弄
-0.6 不耐烦
-0.8 气人
-0.8 真气人
-0.7 闹心
-0.6 心累
-0.6 伤心
-0.7 难受
-0.9 坑爹
-0.7 倒霉
-0.9 欺负人
-0.5 不合理
-0.6 不公平
-0.5 退钱
-0.5 赔钱
-0.6 怎么搞的
-0.5 谁负责
-0.6 有没有人管
-0.4 没反应
-0.5 瑕疵
-0.6 烂
-0.5 麻烦死了
-0.6 无法接受
-0.6 不能接受
-0.5 受够了
-1 太烂了
-0.5 没消息
-0.5 还没到
-0.5 没到
-0.5 还没发货
-0.4 没发货
-0.6 必须负责
-0.6 多少遍
-0.6 说了多少
-0.7 还做什么生意
-0.5 这种态度
-0.8 什么破
-0.5 破
-0.5 不管
-0.7 都不管
-0.6 没人接
-0.5 没人打
-0.6 解决不了
-0.5 不想再
-0.6 多付
-0.6 多收
-0.8 盗刷
-0.5 没有人管
-0.5 驳回
-0.5 被拒
-0.4 拒绝
-0.3 好久
-0.3 好不容易
-0.2 只好
-0.3 说好的
-0.2 机器人
-0.6 坑了
-0.5 怎么又
0.5 谢谢
0.6 感谢
0.5 多谢
0.5 谢了
0.7 满意
0.1 好的
0.5 好
0 你好
0 您好
0 好多
0 好像
0 最好
0 好吧
0.2 好啊
0 好吗
0.1 还好
0 刚好
0 正好
0 好些
-0.2 好几
0.5 友好
0.5 好看
0.5 好吃
0.3 修好
0.2 弄好
0 好处
0 好不好
0 准备好
0.6 态度好
0.2 没什么问题
0.2 没有什么问题
0.8 太好了
0.6 不错
0.7 棒
0.5 厉害
0.7 开心
0.7 高兴
0.6 喜欢
0.4 方便
0.4 及时
0.5 专业
0.5 耐心
0.5 热情
0.6 周到
0.7 给力
0.7 赞
0.8 完美
0.5 解决了
0.5 搞定
0.5 辛苦了
0.5 辛苦
0.3 没问题
0.3 没有问题
0.1 没事
0.8 好评
0.6 靠谱
0.3 放心
0.8 满分
0.8 优秀
0.5 顺利
0.6 贴心
0.7 帮大忙
0.7 帮了大忙
0.6 效率高
0.5 快速
0.4 可以了
0.4 好用
0.5 清楚
0.4 明白了
0.6 非常好
0.5 好棒
0.5 有用
0.6 感激
0.5 客气
0.5 惊喜
0.5 生意兴隆
0 差不多
0 差价
0 麻烦
0 慢慢
0 拖鞋
-0.1 不清楚
0.1 方便的话
0 不好意思
0 问一下
`
