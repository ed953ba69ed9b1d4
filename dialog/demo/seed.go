package demo

import (
	"math/rand/v2"
	"strconv"
)

// product is a catalogue entry with what is needed to say it in both languages.
type product struct {
	en, enPlural, zh, zhMeasure string
	cents                       int64
}

func catalogue() []product {
	return []product{
		{"an espresso machine", "espresso machines", "意式咖啡机", "台", 24900},
		{"a desk lamp", "desk lamps", "台灯", "盏", 3990},
		{"a set of bath towels", "sets of bath towels", "浴巾", "套", 3450},
		{"a linen duvet cover", "linen duvet covers", "亚麻被套", "个", 8900},
		{"a cast iron pan", "cast iron pans", "铸铁锅", "口", 5900},
		{"a dishwasher", "dishwashers", "洗碗机", "台", 54900},
		{"a ceiling fan", "ceiling fans", "吊扇", "台", 17900},
		{"a wool rug", "wool rugs", "羊毛地毯", "块", 22900},
		{"a bookshelf", "bookshelves", "书架", "个", 14900},
		{"a blender", "blenders", "搅拌机", "台", 7900},
		{"a dining chair", "dining chairs", "餐椅", "把", 6900},
		{"a memory foam pillow", "memory foam pillows", "记忆枕", "个", 4500},
		{"a kettle", "kettles", "电水壶", "个", 2990},
		{"a floor mirror", "floor mirrors", "落地镜", "面", 11900},
		{"a coffee table", "coffee tables", "茶几", "张", 19900},
		{"a toaster", "toasters", "烤面包机", "台", 4990},
		{"a pair of curtains", "pairs of curtains", "窗帘", "对", 5490},
		{"a kitchen faucet", "kitchen faucets", "厨房水龙头", "个", 8990},
	}
}

type seedItem struct {
	product int
	qty     int
}

type seedOrder struct {
	number, customer, status, carrier, tracking, address string
	orderedDaysAgo, etaOffset                            int
	items                                                []seedItem
}

// seedOrders builds the demo orders from a fixed PRNG seed, so every demo database is the same. Dates are
// stored as offsets from today and resolved when read, so the demo never goes stale.
func seedOrders() []seedOrder {
	r := rand.New(rand.NewPCG(2026, 40729))
	first := []string{"Ann", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Kate", "Liu", "Maria", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Wei", "Yusuf", "Zoe"}
	last := []string{"Smith", "Garcia", "Chen", "Okafor", "Novak", "Khan", "Martin", "Rossi", "Tanaka", "Wang", "Brown", "Silva", "Lopez", "Schmidt"}
	streets := []string{"Elm Street", "Oak Avenue", "Maple Road", "Cedar Lane", "Pine Street", "Lakeview Drive", "Hill Road", "Park Avenue", "River Street", "Sunset Boulevard"}
	cities := []string{"Springfield", "Riverside", "Lakewood", "Fairview", "Georgetown", "Madison"}
	carriers := []string{"UPS", "FedEx", "USPS", "DHL"}
	// Status mix of a real order book: most orders delivered, a fair share on the way.
	statuses := []string{"delivered", "delivered", "delivered", "delivered", "shipped", "shipped", "shipped", "out_for_delivery", "processing", "processing", "cancelled", "returned"}
	nProducts := len(catalogue())
	used := map[string]bool{}
	var out []seedOrder
	for len(out) < 50 {
		num := strconv.Itoa(10000 + r.IntN(90000))
		if len(out) == 0 {
			num = "40729" // the number in every example phrase
		}
		if used[num] {
			continue
		}
		used[num] = true
		o := seedOrder{
			number:   num,
			customer: first[r.IntN(len(first))] + " " + last[r.IntN(len(last))],
			status:   statuses[r.IntN(len(statuses))],
			carrier:  carriers[r.IntN(len(carriers))],
			address:  strconv.Itoa(1+r.IntN(240)) + " " + streets[r.IntN(len(streets))] + ", " + cities[r.IntN(len(cities))],
		}
		if len(out) == 0 {
			o.status = "shipped"
		}
		switch o.status {
		case "processing":
			o.orderedDaysAgo = r.IntN(2)
			o.etaOffset = 3 + r.IntN(4)
		case "shipped":
			o.orderedDaysAgo = 2 + r.IntN(5)
			o.etaOffset = 1 + r.IntN(4)
		case "out_for_delivery":
			o.orderedDaysAgo = 3 + r.IntN(4)
		case "delivered":
			o.orderedDaysAgo = 5 + r.IntN(55)
			o.etaOffset = -(1 + r.IntN(o.orderedDaysAgo-3))
		case "cancelled":
			o.orderedDaysAgo = 1 + r.IntN(30)
		case "returned":
			o.orderedDaysAgo = 15 + r.IntN(30)
			o.etaOffset = -(5 + r.IntN(8))
		}
		if o.status != "processing" && o.status != "cancelled" {
			o.tracking = "1Z" + strconv.Itoa(100000000+r.IntN(900000000))
		}
		n := 1 + r.IntN(3)
		seen := map[int]bool{}
		for i := 0; i < n; i++ {
			p := r.IntN(nProducts)
			if seen[p] {
				continue
			}
			seen[p] = true
			qty := 1
			if r.IntN(4) == 0 {
				qty = 2 + r.IntN(3)
			}
			o.items = append(o.items, seedItem{p, qty})
		}
		out = append(out, o)
	}
	return out
}
