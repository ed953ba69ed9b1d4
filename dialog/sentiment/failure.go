package sentiment

import "regexp"

// failureRules recognise a caller reporting, as their own experience, that the company or its product
// failed them. Under the labelling guideline that is negative even when said calmly ("my sim hasn't
// worked since you swapped it", "电饭煲用了两天就不加热了"), and such reports rarely carry an emotion
// word, so they are recognised by their grammar rather than by vocabulary: a negated service verb, a
// charge the caller did not expect, an ordinal count of attempts, a duration since a month, an action
// taken without notice, a quick breakage, a potential-complement failure (装不上, 连不上).
//
// Soft rules are the ones a hypothetical or caller-caused framing cancels ("what if it doesn't arrive",
// "I put the wrong postcode"): they weigh in, but mark a failure situation only without such framing.
func failureRules() []patternRule {
	c := regexp.MustCompile
	// Service and product verbs a negation turns into a failure report.
	const svcVerb = `(work|works|worked|working|arrive|arrived|arriving|turn up|turned up|show up|showed up|fit|fits|charge|charging|load|loads|loading|connect|connects|connecting|turn on|switch on|start|starts|open|opens|respond|responded|responding|answer|answered|reply|replied|call back|called back|call me back|ring back|rang back|ring me back|get back to me|got back to me|deliver|delivered|solve|solved|fix|fixed|resolve|resolved|sort it|sorted|refund|refunded|print|prints|sync|syncs|pair|pairs|boot|install|installs|update|updates|go through|went through|gone through|let me|received|receive|receiving|heard back|show|shows|showing|come through|came through|line up|add up|match up|match|matches|talking to|talk to|communicating|registering|recognising|recognizing|stay on|stay connected|lock|close properly|been (fixed|resolved|refunded|delivered|sorted|processed|credited|returned|repaired|replaced|answered|touched|done))`
	return []patternRule{
		// "doesn't connect", "hasn't worked since", "still hasn't solved anything", "won't let me".
		{re: c(`\b(does not|do not|did not|will not|would not|can not|could not|has not|have not|had not|is not|are not|was not|were not|never|no longer|still not)( \w+)?( even| ever| yet| properly| actually| really| at all)? ` + svcVerb + `\b`), w: -0.45, situation: true, soft: true,
			veto: c(`^(please )?(do not|never) `), keys: []string{"not", "never", "no longer"}},
		// "it's not here", "marked as delivered but", "nothing ever came".
		{re: c(`\b(is|are|was|were) (still )?not (here|there)\b|\b(marked|shown|showing|says|said|shows|listed) (as )?(delivered|signed for|collected)\b|\bnothing (\w+ )?(came|arrived|turned up|happened|showed up)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"not here", "not there", "delivered", "signed for", "collected", "nothing"}},
		// "I was charged a late fee", "you've billed me twice", "I've paid twice for the same order".
		{re: c(`\b(i was|i have been|i got|i am being|i have|we were|we have been|we got|you have|you|they|they have|you guys|you people|have been|has been|got|been)( \w+)? (charged|billed|overcharged|debited|invoiced|double charged|double-charged)\b|\b(paid|charged|billed|debited|taken|deducted)( \w+)? (twice|double|two times|three times|again|both times)\b`), w: -0.5, situation: true, soft: true,
			keys: []string{"charged", "billed", "debited", "invoiced", "twice", "double", "times", "again"}},
		// "this is my fourth call", "my third replacement", "the second engineer".
		{re: c(`\b(second|third|fourth|fifth|sixth|seventh|tenth|umpteenth|\d+(st|nd|rd|th)) (call|calls|email|message|complaint|attempt|letter|visit|engineer|technician|replacement|person|agent|chat)\b`), w: -0.5, situation: true,
			keys: []string{"second", "third", "fourth", "fifth", "sixth", "seventh", "tenth", "umpteenth", "st ", "nd ", "rd ", "th "}},
		// A month or a time named as the start of a failure: "since june", "since the 3rd".
		{re: c(`\bsince (january|february|march|april|may|june|july|august|september|october|november|december|the \d+(st|nd|rd|th)?|last \w+|christmas|easter|the weekend|the spring|the summer|the autumn|the winter|the new year|the start of \w+|the beginning of \w+)\b`), w: -0.3, situation: true, soft: true, keys: []string{"since"}},
		// The courier or an engineer put the caller's things somewhere they should not be.
		{re: c(`\b(courier|driver|postman|postie|delivery \w+|he|she|they|someone|somebody|you|your \w+) (just |simply )?(left|dumped|threw|thrown|put|hid|chucked|tossed|dropped) (my|the|our) (parcel|package|delivery|box|order|shopping|item|items|stuff)s? (in|on|behind|under|by|at|outside|over|next to|with|into)\b`), w: -0.5, situation: true,
			keys: []string{"left", "dumped", "threw", "thrown", "put", "hid", "chucked", "tossed", "dropped"}},
		// A product misbehaving: "it just spins", "keeps freezing", "my card got declined".
		{re: c(`\b(just|keeps|kept|always|constantly) (spins|spinning|freezes|freezing|froze|crashes|crashing|crashed|hangs|hanging|times out|timing out|buffers|buffering|dies|dying|cuts out|cutting out|drops out|dropping out|disconnects|disconnecting|goes blank|went blank|errors|reboots|restarts|shuts down|logs me out|beeps|flashes)\b|\b(was|got|been|is being|keeps getting|gets) (declined|rejected|refused|bounced|blocked|frozen)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"just", "keep", "kept", "always", "constantly", "declined", "rejected", "refused", "bounced", "blocked", "frozen"}},
		// Something done to the caller without notice or consent.
		{re: c(`\bwithout (anyone|anybody|somebody|someone|you|them|the \w+) (telling|asking|letting|informing|contacting|checking with|warning)\b|\bwithout (fixing|doing|sorting|solving|repairing|checking|looking at|replacing|touching|finishing) (anything|it|the problem|the issue|the fault|a thing)\b|\bwithout (any |even |so much as )?(a )?(warning|notice|notification|asking|telling|consent|permission|my (consent|permission|knowledge|agreement|authori[sz]ation)|letting (me|us) know|informing|a word|an explanation|any explanation|explanation|a reason|any reason|reason)\b`), w: -0.5, situation: true, keys: []string{"without"}},
		// A whole span of time lost to the service: "waited in all day", "stuck at home the whole morning".
		{re: c(`\b(waited|waiting|stuck|sat|stayed|been)( in| at home| here| around| on hold| on the phone)? (all|the whole|the entire|a whole) (day|morning|afternoon|evening|week|weekend)\b`), w: -0.45, situation: true,
			keys: []string{"all", "whole", "entire"}},

		// Broken or failing in use: "stopped receiving texts", "went black after the update", "making a
		// grinding noise", "fell apart", "didn't last". The veto drops the caller's own choice ("i stopped
		// using it").
		{re: c(`\b(stopped|stops|has stopped|have stopped) \w+ing\b|\b(went|go|goes|gone|going|turned|turns) (black|blank|dead|cold|off by itself|off on its own)\b|\bmaking (a |an )?(\w+ )?(noise|noises|sound|smell)\b|\b(fell|falls|falling|came|coming|come) (apart|off|loose|undone|to pieces)\b|\b(peeling|flaking|rusting|fraying|leaking|wobbling) (off|already|everywhere|badly)?\b|\b(did not|does not|never) last\b|\b(broke|snapped|split|tore|ripped|cracked) (the first|after|within|on the|in less)\b`), w: -0.5, situation: true, soft: true,
			veto: c(`\b(i|we) (have )?(stopped|stop)\b`),
			keys: []string{"stop", "went", "goes", "gone", "turn", "making", "fell", "falls", "falling", "came", "coming", "come", "peeling", "flaking", "rusting", "fraying", "leaking", "wobbling", "last", "broke", "snapped", "split", "tore", "ripped", "cracked"}},
		// The caller cannot use what they pay for: "i can't use my card anywhere", "unable to access".
		{re: c(`\b(can not|could not|unable to|not able to|still can not|no longer able to) (use|access|withdraw|pay|transfer|top up|make (a )?(payment|payments|calls|a call)|send|get online|stream|watch|hear)\b`), w: -0.35, situation: true, soft: true,
			keys: []string{"not", "unable"}},
		// What arrived is not what was ordered or paid for.
		{re: c(`\b(less|fewer) (\w+ )?than (i|what i|we|what we) (paid|ordered|asked|requested|expected|was promised|was quoted|withdrew|specified)\b|\b(order|delivery|parcel|package|box|set|kit) (is|was|came|arrived) (incomplete|short|half empty|not complete)\b`), w: -0.5, situation: true,
			keys: []string{"less", "fewer", "incomplete", "short", "half empty", "not complete"}},
		// Something expected that did not happen: "was supposed to be here yesterday", "should have arrived".
		{re: c(`\b(was|were) (supposed|meant|due|promised|scheduled) to (be|arrive|come|have|get|ring|call|deliver|turn up|show up|start|finish|go out|reach)\b|\bshould (have|of) (arrived|been|come|had|got|received|turned up|called|rung|heard)\b|\bexpected (a lot |much |far |so much |something )?(more|better)\b`), w: -0.5, situation: true, soft: true,
			keys: []string{"supposed", "meant", "due", "promised", "scheduled", "should", "expected"}},
		// A charge the caller never agreed to: "a charge i don't recognise", "i never signed up for".
		{re: c(`\b(i|we) (do not|did not|never|have never|can not) (recognise|recognize|authorise|authorize|authorised|authorized|sign up|signed up|agree|agreed|request|requested|ask for|asked for|order|ordered|make|made|buy|bought|subscribe|subscribed|consent|consented|take out|took out)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"not", "never"}},
		// A price or bill gone up: "my bill went up again", "the price went up without any explanation".
		{re: c(`\b(bill|bills|price|prices|premium|premiums|quote|quotes|tariff|rent|fee|fees|charges|payment|payments|cost|costs|rate|rates|subscription|direct debit|contract)( \w+)? (has |have |just |suddenly )?((went|gone|shot|jumped|gone way) (up|through the roof)|doubled|tripled|increased|risen|rose)\b|\b(higher|more) than (last|it was|before|usual|normal|what i was (told|quoted))\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"went", "gone", "shot", "jumped", "doubled", "tripled", "increased", "risen", "rose", "than"}},
		// Escalation, leaving, and better service elsewhere.
		{re: c(`\b(escalate|escalating|escalated|ombudsman|trading standards|small claims|my solicitor|my lawyer|legal action|chargeback|take my business elsewhere|taking my business elsewhere|going elsewhere|switching provider|switch provider|leave a (bad |negative |one star )?review|one star)\b|\b(had|get|got|getting|receive|received) (much |far |a lot |way )?better (service|treatment|support|help) (elsewhere|from|at)\b|\b(other|another) (company|companies|provider|providers|shop|shops|bank|banks|retailer|retailers)\b[^.]{0,40}\bbetter\b`), w: -0.7, situation: true,
			keys: []string{"escalat", "ombudsman", "trading standards", "small claims", "solicitor", "lawyer", "legal", "chargeback", "elsewhere", "switch", "review", "one star", "better"}},

		// "I did my part, you failed": the caller's own action set against the outcome ("i paid it in full
		// last month but", "even though i updated it", "i ordered a large and got a small").
		{re: c(`\b(i|we) (\w+ )?(paid|updated|changed|asked for|ordered|requested|booked|specified|specifically asked|cancelled|canceled|returned|sent (it|them) back|confirmed|reported|told you|told them|explained|topped up|followed)\b[^.?]{0,60}\b(but|even though|though|yet|still|and (got|received|ended up|it is|it was|they|you|now|instead|nothing)|and here)\b|\b(but|even though|though|when|yet) (i|we) (\w+ )?(already |had |have |did |definitely |clearly )?(paid|updated|changed|asked|ordered|requested|booked|cancelled|canceled|returned|confirmed|told|explained|topped up|specified|set up|arranged|submitted|sent|filled in|provided|gave you)\b|\beven though (i|we) (\w+ )?(paid|updated|changed|asked|ordered|requested|booked|cancelled|canceled|returned|confirmed|told|explained)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"paid", "updated", "changed", "asked", "ordered", "requested", "booked", "specified", "cancel", "returned", "sent", "confirmed", "reported", "told", "explained", "topped", "followed", "set up", "arranged", "submitted", "filled in", "provided", "gave you"}},
		// A promise with a deadline, reported back: "the lady said it would be sorted by wednesday".
		{re: c(`\b(said|told me|told us|promised|assured me|assured us|guaranteed)( me| us)?( that)?( it| they| you| he| she| someone| somebody| the \w+)? (would|will|was going to|were going to|should|is going to)( \w+){0,3} (by|within|on|today|tonight|tomorrow|this|next|in|before)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"said", "told", "promised", "assured", "guaranteed"}},
		// The deadline passed: "and here we are on friday", "and still nothing".
		{re: c(`\b(and|yet|but) (here we are|still nothing|nothing yet|still no|still not|nothing has happened|nothing happened)\b`), w: -0.45, situation: true,
			keys: []string{"here we are", "nothing", "still"}},
		// Passed around or misinformed over and over: "i keep being told to call a different number".
		{re: c(`\b(keep|keeps|kept|keep on) (being|getting) (told|sent|passed|transferred|asked|charged|put|cut|billed|ignored|redirected|given|fobbed|bounced)\b`), w: -0.5, situation: true,
			keys: []string{"keep", "kept"}},
		// The company got a detail wrong: "sent to the wrong pharmacy", "put the wrong name on the policy".
		// Soft: "i put the wrong postcode" is the caller's own slip (hypothetical/caller-caused framing).
		{re: c(`\b(sent|delivered|posted|put|gave|given|addressed|charged|booked|installed|fitted|issued|printed|spelled|spelt|registered|connected|transferred|shipped) (me |us |it |them |to |on |in |out )?(the |a |an |my )?(wrong|incorrect)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"wrong", "incorrect"}},
		// The caller lost time over it: "i've had to take a day off work".
		{re: c(`\b(take|took|taken|taking|booked|had to book) (a |the |two |three |another |half a |a half )?(day|days|morning|afternoon|time) off( work)?\b`), w: -0.4, situation: true,
			keys: []string{"off"}},
		// Trouble that started with the company's visit or change: "since your plumber visited".
		{re: c(`\b(since|after|ever since) (your|the|their) (\w+ )?(engineer|plumber|technician|installer|electrician|update|upgrade|visit|repair|installation|man|guy|team|workmen|fitter|fitters|driver|courier|migration|changes|switch|works|roadworks|maintenance)\b`), w: -0.4, situation: true, soft: true,
			keys: []string{"since", "after"}},
		// An adverse action on the caller's account or booking: "my account was closed", "the seats we
		// booked were given to someone else".
		{re: c(`\b(my|our|the) (\w+ )?(account|card|service|line|booking|order|subscription|membership|policy|claim|application|reservation|seat|seats|room|table|ticket|tickets|appointment|refund|payment)s? (\w+ )?(was|were|has been|have been|got|is being|being|keeps getting) (closed|blocked|frozen|suspended|cancelled|canceled|terminated|rejected|refused|disconnected|cut off|deactivated|locked|restricted|downgraded|given away|given to someone|reassigned|double booked|double-booked|lost|misplaced|messed up)\b`), w: -0.4, situation: true, soft: true,
			keys: []string{"was", "were", "been", "got", "being"}},
		// Worse than before or than promised: "the new router is slower than the old one".
		{re: c(`\b(slower|faster|quicker|worse|noisier|smaller|weaker|flimsier|thinner|louder|dearer|more expensive|higher|lower) than (it should|they should|normal|usual|it used to|the old|my old|before|the last|the previous|advertised|described|pictured|expected|promised|it was|what (i|we) (had|paid|were told))\b|\bnot as (described|advertised|pictured|shown)\b`), w: -0.5, situation: true,
			keys: []string{"than", "not as"}},
		// Left without an essential service: "without a phone line for a week", "no hot water".
		{re: c(`\b(without|no|not had|had no|have no|got no)( a| any| my| our| the)? (phone|phone line|landline|heating|hot water|internet|power|electricity|water|gas|broadband|signal|service|wifi|wi-fi|tv|television|car|money|cash|food)( \w+)? (for|since|all)\b`), w: -0.5, situation: true,
			keys: []string{"without", "no"}},
		// Broke or wore out too soon: "only two months old", "already sagging".
		{re: c(`\b(only|just|barely|not even|less than) (\d+|a|one|two|three|four|five|six|a few|a couple of) (day|days|week|weeks|month|months|year)s? old\b|\balready (broken|sagging|peeling|worn|faded|torn|ripped|cracked|falling|coming|leaking|rusting|scratched|stained|dead|stopped|gone|bubbling|blistering|flaking|fraying|splitting|chipped|chipping|bent|warped|wobbly|loose|rotting|mouldy|moldy)\b`), w: -0.5, situation: true,
			keys: []string{"old", "already"}},
		// What the caller asked for is not what came: "i ordered a large and got a small", "none of the
		// links work".
		{re: c(`\b(ordered|asked for|requested|booked|paid for) (a |an |the )?(\w+ ){0,3}(and|but) (got|received|you sent|they sent|it came|was given|were given|ended up with|instead)\b|\bnone of (the|them|these|those|my|your|it)\b[^.]{0,30}\b(work|works|worked|working|arrived|fit|fits|open|opens|load|loads)\b`), w: -0.5, situation: true,
			keys: []string{"ordered", "asked for", "requested", "booked", "paid for", "none of"}},
		// A consequence the caller now bears: "and now i've missed the deadline", "so now i have to pay".
		{re: c(`\b(and|so) now (i|we)( have| am| will| had| can not| have had| am being| ve)? (missed|lost|got to|have to|need to|been charged|been|stuck|no|nothing|to pay|to wait|to start|out of pocket)\b|\b(because of you|thanks to you|you made me|you have made me|made me miss|caused me to|i have missed)\b`), w: -0.45, situation: true,
			keys: []string{"now", "because of you", "thanks to you", "made me", "caused me", "missed"}},
		// It should not be so: "my account is overdrawn but it shouldn't be".
		{re: c(`\b(should not|should never|was not supposed to|is not supposed to|is not meant to|was not meant to) (be|have|happen|cost|take|show)\b`), w: -0.4, situation: true, soft: true,
			keys: []string{"should", "supposed", "meant"}},
		// A long-standing customer treated badly: "a customer for 12 years and this is how you treat me".
		{re: c(`\b(customer|member|client|with you) (for|of) (\d+|\w+|over \w+|over \d+) (years|yrs)\b|\bhow you treat\b|\bthis is how\b`), w: -0.4, situation: true,
			keys: []string{"years", "yrs", "treat", "this is how"}},

		// Time passed without result: "it's been weeks", "we were promised fibre in january, it's now april".
		{re: c(`\b(it is|it has|has|have) been (days|weeks|months|ages|forever|a week|a month|a fortnight|so long|too long)\b|\b(i|we) (was|were) (told|promised|assured|guaranteed|quoted)\b|\bit is (now|already) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|\d+)\b`), w: -0.5, situation: true,
			keys: []string{"been", "told", "promised", "assured", "guaranteed", "quoted", "now", "already"}},
		// Cut off mid-contact: "the agent just closed the conversation on me", "hung up on us".
		{re: c(`\b(hung up|closed|ended|cut|switched|shut|put the phone down|walked out|gave up|turned off|cancelled|canceled|slammed)( \w+){0,3} on (me|us)\b`), w: -0.6, situation: true,
			keys: []string{"on me", "on us"}},
		// A consequence right after the company's work: "and now there's no hot water".
		{re: c(`\b(and|so|but) now (there is|there are|it is|it does not|it will not|it can not|it has|nothing|we have no|i have no|there is no|it keeps)\b`), w: -0.4, situation: true, soft: true,
			keys: []string{"now"}},
		// Misrecorded or misdirected: "your system has me down as deceased", "the refund went to a card i
		// closed years ago", "the machine ate my card".
		{re: c(`\b(has|have|got|had) (me|us|my \w+) (down|listed|registered|recorded|marked|flagged) as\b|\b(went|sent|paid|credited|refunded|delivered|transferred|posted) to (\w+ ){0,4}(i (closed|cancelled|canceled|no longer|do not)|someone else|the wrong|an old|my old|the old|a closed|my previous|a previous)\b|\b(ate|swallowed|eaten|kept|retained) my (card|money|coins|cash|ticket|deposit)\b`), w: -0.55, situation: true,
			keys: []string{"down as", "listed as", "registered as", "recorded as", "marked as", "flagged as", " to ", "my card", "my money", "my coins", "my cash", "my ticket", "my deposit"}},
		// Service drops out over and over: "my internet goes off every night".
		{re: c(`\b(goes|went|keeps going|keep going|cuts|switches|turns|drops|keeps dropping|keeps cutting) (off|out|down)( \w+){0,2} (every|each|all the time|constantly|randomly|again|by itself|on its own|for hours|twice|several)\b`), w: -0.5, situation: true,
			keys: []string{"off", "out", "down"}},
		// The caller had to make do: "i've had to borrow my neighbour's wifi", "we had to buy another".
		{re: c(`\b(i|we) (have had|had|have had had) to (borrow|buy|pay|take|use|go|rent|travel|get|cancel|miss|stay|wait|call|chase|ring|drive|walk|eat|throw|sleep|move|hire|book)\b|\b(i|we) (did not|never) (want|wanted|ask for|asked for|need|needed|choose|chose)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"had to", "not", "never"}},
		// Left in a bad state: "the technician left the cover off the socket".
		{re: c(`\bleft (the|my|our|it|a|them|everything) (\w+ ){0,2}(off|open|on|behind|unlocked|running|dirty|everywhere|in a mess|a mess|unfinished|half done|hanging|exposed|loose)\b`), w: -0.45, situation: true,
			veto: c(`\b(i|we) (have )?left\b`), keys: []string{"left"}},

		// A claim of a fix, contradicted: "they told me the fault was fixed but it isn't".
		{re: c(`\b(but|and|yet) (it|they|that|this|he|she) (still )?(is not|was not|are not|has not|have not|does not|did not|will not)( \w+)?\s*[.!]?$|\b(told me|told us|said|claimed|assured me|assured us) (that )?(the|it|my|our) (\w+ ){0,2}(was|had been|is|has been|were) (fixed|sorted|resolved|done|sent|paid|cancelled|canceled|refunded|delivered|repaired|posted|processed)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"not", "told", "said", "claimed", "assured"}},
		// Paying for more than is delivered: "i'm paying for 100 meg and getting 10".
		{re: c(`\b(paying|paid|pay) for (\w+ ){1,4}(and|but) (only )?(getting|get|got|receiving|received)\b`), w: -0.5, situation: true,
			keys: []string{"paying", "paid", "pay"}},
		// Someone else's things in the caller's hands: "you've sent me somebody else's bill".
		{re: c(`\b(somebody|someone|some one|another customer|a stranger|another person|a different person)( else)?('s| s)? (bill|order|parcel|package|letter|letters|post|mail|card|statement|details|account|door|house|shopping|address|name)\b`), w: -0.55, situation: true,
			keys: []string{"somebody", "someone", "some one", "another customer", "stranger", "another person", "different person"}},
		// It broke in the middle of use: "i spent an hour filling the form in and it crashed".
		{re: c(`\b(and|then|but) (then )?(it|the \w+|everything|the whole thing) (just )?(crashed|froze|died|failed|broke|stopped working|disappeared|vanished|deleted itself|timed out|logged me out|went blank|wiped)\b`), w: -0.5, situation: true,
			keys: []string{"crashed", "froze", "died", "failed", "broke", "stopped", "disappeared", "vanished", "deleted", "timed out", "logged me out", "blank", "wiped"}},

		// Chinese. A quick breakage: "用了两天就不加热了", "才买一周就坏".
		{re: c(`(用|买|装|穿|戴|换|修|充|收到)了?(不到|没|才|刚)?([0-9]+|[一二两三四五六七八九十几半]+)(个)?(多)?(天|周|星期|礼拜|月|次|回|小时)(不到)?[^，。,]{0,4}(就|又|便)(坏|塌|不|没|出问题|出毛病|断|漏|裂|碎|卡|死|掉|开|起球|褪色|黑屏|停|失灵|报废|罢工)|(刚|才)(买|用|装|换|修|收到|到手)[^，。,]{0,6}(就|又)(坏|不|没|出问题|出毛病|断|漏|裂|碎|卡|死|掉|开|黑屏|停|失灵|报废|罢工)`), w: -0.6, situation: true,
			keys: []string{"就", "又", "便"}},
		// Failing again and again: "隔一会儿就断一下", "动不动就死机".
		{re: c(`(隔一会儿?|每隔[^，。,]{0,4}|动不动|三天两头|隔三差五|时不时|经常|老是|总是|每天|天天|一会儿?)(就|都)?[^，。,]{0,8}(断|掉线|卡顿|卡死|卡住|死机|闪退|黑屏|重启|没信号|没网|断网|停电|停水|跳闸|自动关机|报错|出错|漏|坏|失灵|转圈)`), w: -0.5, situation: true,
			keys: []string{"断", "掉线", "卡", "死机", "闪退", "黑屏", "重启", "没信号", "没网", "停", "跳闸", "关机", "报错", "出错", "漏", "坏", "失灵", "转圈"}},
		// Done without telling or asking the caller: "没提前通知就把水停了", "没经过我同意就取消".
		{re: c(`(没|没有|也没|都没|也不|都不|未|从来没|从没)(经过|征求|提前|事先|跟我|和我|给我)?(我|我们)?(的)?(同意|允许|通知|告知|说一声|打招呼|打个招呼|问过?我|问一下|告诉我|商量)(一声|一下)?[^，。,]{0,8}(就|便|直接|擅自|自己)|(没人|没有人|也没人|从来没人|都没人)(跟|和|给|对|向)?我?(说|讲|提|通知|告诉|解释)|(也|都|连|还)(不|没)(解释|说明|交代|道歉|安排|提供|赔偿|补偿|提前说|说一声)`), w: -0.6, situation: true,
			keys: []string{"同意", "允许", "通知", "告知", "说一声", "招呼", "问", "告诉", "商量", "解释", "说明", "交代", "道歉", "没人", "没有人", "安排", "提供", "赔偿", "补偿", "提前说"}},
		// A bill higher than it should be: "多扣了三十", "多出一笔费用", "话费比上个月多了五十块".
		{re: c(`多(扣|收|算|出|扣了|收了|出了)(了)?([0-9]+|[一二两三四五六七八九十百几]+|一笔|一项|好多|不少)|(话费|账单|费用|电费|水费|燃气费|月费|套餐费|扣款|扣费)[^，。,]{0,10}多(了|出)([0-9]+|[一二两三四五六七八九十百几]+|一笔|好多|不少)|(莫名其妙|无缘无故|平白无故|突然)(多|扣|收|出现)`), w: -0.6, situation: true,
			keys: []string{"多", "莫名其妙", "无缘无故", "平白无故", "突然"}},
		// Potential-complement failures: "装不上", "连不上", "收不到", "退不回来". Soft: "收不到怎么办?" may
		// be asked about, and "我忘了密码登不上" is the caller's own doing.
		{re: c(`(装|连|登|充|打|收|退|修|用|插|开|付|取|刷|扫|提|转|接|拨|启动|登录|下载|安装|打印|连接|提现|转账|下单|下|支付|激活|注册|兑换)(不|不了)(上|了|进|开|到|回来|回|出来|出|动|好|起来|通|进去|上去|款|单|钱|账)`), w: -0.45, situation: true, soft: true,
			veto: c(`怎么办|怎么弄|怎么解决|怎么处理|怎么才能|如何`),
			keys: []string{"不"}},
		// Done to the caller by the company: "被你们搞砸了", "被快递员摔坏了".
		{re: c(`被(你们|你们的人|快递|快递员|快递小哥|师傅|客服|商家|银行|系统|平台|骑手)[^，。,]{0,6}(弄|搞|摔|压|扣|取消|丢|坏|砸|拒|挂|骗|耽误|关|停|封|冻结|注销|拉黑)`), w: -0.6, situation: true,
			keys: []string{"被"}},
		// A charge the caller never agreed to or does not know: "一笔我不认识的扣款", "没开通过的业务".
		{re: c(`(不认识|不知道|不明|没授权|未授权|没开通|没有开通|从来没开通|没订|没买|没办|没申请|没同意|没签)(过)?(的)?[^，。,]{0,4}(扣款|扣费|费用|交易|消费|订单|业务|套餐|会员|账单|服务)`), w: -0.6, situation: true,
			keys: []string{"扣款", "扣费", "费用", "交易", "消费", "订单", "业务", "套餐", "会员", "账单", "服务"}},
		// Less or different than paid for or promised: "给我的钱比我付的少", "跟说好的不一样".
		{re: c(`(比|跟|和|与)[^，。,]{0,8}(付|交|买|订|要|说好|约定|标|写|显示|宣传|承诺|报价)的?[^，。,]{0,3}(少|不一样|不符|对不上|差太多|差很多)`), w: -0.5, situation: true,
			keys: []string{"少", "不一样", "不符", "对不上", "差太多", "差很多"}},
		// It should already have happened: "本来昨天就该到的", "早就应该修好了".
		{re: c(`(本来|原本|按理说|明明|早就|昨天就|上周就|前天就)[^，。,]{0,6}(该|应该|说好)`), w: -0.45, situation: true, soft: true,
			keys: []string{"本来", "原本", "按理说", "明明", "早就", "昨天就", "上周就", "前天就"}},
		// Broken after an event: "更新以后屏幕就黑了". The veto drops questions about policy.
		{re: c(`(以后|之后)[^，。,]{0,6}(就|又|便|老是|总是|一直)[^，。,]{0,3}(黑|坏|不|没|断|卡|闪退|死机|漏|响|停)[^，。,]{0,4}了`), w: -0.45, situation: true, soft: true,
			veto: c(`吗|么|呢|能不能|可不可以|是不是|会不会`),
			keys: []string{"以后", "之后"}},
		// Sent to the wrong place, or slow: "处方被送到别的药店", "结果五天才到".
		{re: c(`(送|寄|发|转|派)(到|给)(了)?别(的|人|家|处)|结果[^，。,]{0,6}才(到|来|发|回|退|修好|处理|接通)|([0-9]+|[一二两三四五六七八九十几半]+)(个)?(多)?(天|周|星期|礼拜|月|小时)才(到|来|发|回|退|修好|处理|接通|送到|到账)`), w: -0.5, situation: true,
			keys: []string{"别", "才"}},
		// Disposal against the caller: "把对话给我关了", "把我登记成已故", "把我的卡吞了".
		{re: c(`把[^，。,]{1,8}给我(关|删|停|取消|注销|退|扔|弄|搞|拉黑|挂|封|冻结|改)|把我[^，。,]{0,6}(登记|当成|算成|弄成|搞成|写成|识别成|认成|归为)|把我的[^，。,]{1,6}(吞|吃|扣|弄丢|搞丢|弄坏|搞坏|删|清空|扔|注销|停)`), w: -0.6, situation: true,
			keys: []string{"把"}},
		// Done wrong by the company: "有效期印错了", "扣错了"; passive adverse: "被换成了我不要的".
		{re: c(`(印|寄|送|算|扣|录|登记|开|装|接|配|派|换|改|记|转)错(了|地址|人|卡|号|日期|金额|东西|型号|尺码|颜色)|被(换成|调成|改成|弄成|搞成|替换)|(我|我们)(不要|没要|没点|没订|没买|没选)的`), w: -0.5, situation: true, soft: true,
			keys: []string{"错", "被", "不要的", "没要的", "没点的", "没订的", "没买的", "没选的"}},
		// Broken right after service or arrival: "刚保养完…就没热水", "到手就有个坏点".
		{re: c(`(刚|才)[^，。,]{0,3}(保养|维修|修|装|换|弄|交|充|付|买|安装|检修|升级|更新)(完|好|了)[^，。,]{0,10}(就|又)|(到手|拿到|收到|一到|打开|开箱|拆开)(就|时就|后就)(有|是|坏|不|没|发现)`), w: -0.55, situation: true,
			keys: []string{"就"}},
		// Not even put back or done: "插座盖都没装回去", "东西啥也没寄".
		{re: c(`(都|也|还)没(装|放|盖|收|拿|接|关|弄|修|搬|送)回(去|来)|(啥|什么|一样)(也|都)没(寄|发|给|修|弄|做|到|收到|干|处理)|都没(修|弄|管|处理|发|寄|退|给|收到|人)`), w: -0.55, situation: true,
			keys: []string{"没"}},
		// Billed or messaged after closing: "旧号码都销了还在给我出账单".
		{re: c(`(销|注销|取消|退订|停|关|解约)(了|掉了|过)[^，。,]{0,10}(还在|还|仍然|依然|又)[^，。,]{0,6}(出账单|扣|收|发|打|寄)|退到了?[^，。,]{0,10}(注销|旧|别人|错)`), w: -0.55, situation: true,
			keys: []string{"还", "又", "仍然", "依然", "退到"}},
		// Someone else's things, or less than paid for: "别人的账单寄给我", "实际只有十兆", "比正常快多了".
		{re: c(`别人(家)?的(门|账单|包裹|快递|订单|信|卡|东西|地址|名字|照片)|(实际|实际上|其实|结果)(只有|才|就只有)|比(正常|平时|以前|原来|说好的|宣传的)[^，。,好强快]{0,4}(慢|多|少|贵|差)`), w: -0.55, situation: true,
			keys: []string{"别人", "实际", "其实", "结果", "比"}},
		// Better service elsewhere.
		{re: c(`(别家|别人家|其他家|人家|别的公司|别的平台|别的银行|隔壁)[^，。,]{0,10}(好多了|强多了|好得多|好太多|比你们好|靠谱多了|快多了)|比你们(好|强|快|靠谱)(多了|得多|太多)`), w: -0.7, situation: true,
			keys: []string{"别家", "别人家", "其他家", "人家", "别的", "隔壁", "比你们"}},
		// "I did my part, you failed": "我都改了地址了账单还是寄到老地址", "我特意备注了…结果".
		{re: c(`明明(已经|提前|早就|都)?[^，。,]{0,4}(订|交|付|还|改|预约|申请|设|说|确认|充|取消|退|关|开|调|锁)(好|了|过)|(都|已经|明明|特意|特地|早就|专门)[^，。,]{0,2}(改|交|付|还|说|备注|要求|预约|取消|退|寄回|确认|报|充|申请|打|提交)[^，。]{0,12}(结果|可是|但是|却|还是|居然|竟然|怎么还)|(可是|但是|但|不过|可)[^，。,]{0,8}(已经|早就|明明|都)[^，。,]{0,4}(还|交|付|改|退|寄回|取消|确认|申请|充)(了|过)|结果(今天|现在|到现在|一直|却|根本|又|居然|竟然|等了)|(了|过|的)[，,]?结果(是|却|还|又|给|发|全|就|呢|不|没|只|到|今天|现在|一直|什么|等)`), w: -0.5, situation: true,
			keys: []string{"明明", "结果", "可是", "但", "却", "还是", "居然", "竟然", "怎么还", "不过", "可"}},
		// A promise with a deadline reported back: "说周三前弄好", "答应今天给我回复".
		{re: c(`(说|答应|承诺|保证)[^，。,]{0,6}(前|之前|以内|内|今天|明天|马上)[^，。,]{0,2}(弄好|修好|到|发|退|回|处理|解决|搞定|给|弄|联系)`), w: -0.5, situation: true,
			keys: []string{"说", "答应", "承诺", "保证"}},
		// Trouble that started with the company's visit or change: "你们水管工来过以后天花板就开始渗水".
		{re: c(`(你们|师傅|工人|水管工|电工|安装工|技术员|工程师)[^，。,]{0,6}(来过|来了|装了|装完|修过|修完|弄过|更新|升级|上门)(以后|之后|后)`), w: -0.5, situation: true,
			keys: []string{"后"}},
		// An adverse action on the caller's account or booking: "账户被关了", "座位被给了别人".
		{re: c(`(账户|账号|卡|订单|预约|座位|会员|号码|服务|套餐|房间|位置|名额|退款|包裹|快递)[^，。,]{0,3}被(关|封|冻结|注销|停|取消|拒|锁|限制|降级|给了别人|别人|占|扣|退回|弄丢)`), w: -0.45, situation: true, soft: true,
			keys: []string{"被"}},
		// Worse than before: "新路由器比旧的还慢".
		{re: c(`比[^，。,]{0,6}(还|更)(慢|差|贵|小|烂|卡|少|难用|麻烦)`), w: -0.5, situation: true,
			keys: []string{"比"}},
		// What the caller asked for is not what came: "我买的大号给我发的小号", "要了安静的房间结果给了…".
		{re: c(`(买|订|要|点|下单|选)的?[^，。,]{1,8}(给我|却|结果|你们|竟然|居然)(发|送|给|上)(的|了|成)`), w: -0.5, situation: true,
			keys: []string{"给我", "却", "结果", "你们", "竟然", "居然"}},
		// Fails every time: "一刷卡就显示无法识别"; unable to use: "无法识别", "无法使用".
		{re: c(`一(刷|用|开|打|点|连|插|充|付|登|启动|开机|打开|下雨|洗|热|冷|碰|动|充电)[^，。,]{0,4}就[^，。,]{0,4}(显示|报错|死机|闪退|卡|断|坏|没|不|失败|跳|黑|漏|停|提示|关机|重启|自动)|无法(识别|使用|登录|支付|连接|打开|接通|完成|提交|到账|激活|充值|收到|正常)`), w: -0.45, situation: true, soft: true,
			veto: c(`怎么办|怎么弄|怎么解决|怎么处理|怎么才能|如何`),
			keys: []string{"就", "无法"}},
		// Delivered in a bad state: "房间是脏的", "送来的是坏的"; caused by the company's work: "你们装的
		// 锅炉弄得暖气片都不热了".
		{re: c(`是(脏|坏|破|错|旧|碎|烂|湿|空|过期|二手|用过|歪|弯|斜|裂|瘪)的|(弄得|搞得|害得|导致|造成)[^，。,]{0,8}(都|也|全)?(不|没|坏|湿|漏|乱|脏)`), w: -0.5, situation: true, soft: true,
			keys: []string{"是", "弄得", "搞得", "害得", "导致", "造成"}},
		// Loyal customer treated badly: "用了十二年了你们就这么对我".
		{re: c(`就这么(对|待|对待)(我|我们|老客户|客户)|这么对待|(老客户|用了[^，。,]{0,4}年)[^，。,]{0,8}(就|还|居然|竟然)`), w: -0.6, situation: true,
			keys: []string{"就这么", "这么对待", "老客户", "年"}},
		// Effort wasted: "白打了", "白跑一趟".
		{re: c(`白(打|等|跑|来|忙|交|花|折腾|去|排|请|买|付)`), w: -0.5, situation: true,
			keys: []string{"白"}},
	}
}
