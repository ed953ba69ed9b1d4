// Package kb loads voicegate's knowledge base: one YAML file per language in a directory (configs/kb/en.yaml,
// configs/kb/zh.yaml), strictly decoded and validated, and kept live by a Watcher that swaps in a new Set
// when a file changes and still validates.
//
// # File layout
//
//	language: en                  # BCP 47 tag; one file per language
//	company: Northwind Home       # {{company}} in any text
//	policies:                     # business rules; the guard is built from them; all are {{placeholders}}
//	  currency: USD
//	  refund_max_amount: 200      # the bot approves refunds up to this amount…
//	  refund_window_days: 30      # …for orders at most this old
//	  return_window_days: 30
//	  free_shipping_over: 50      # 0 = never free
//	  warranty_months: 24
//	  discounts_allowed: false    # may the bot offer a discount?
//	  delivery_guarantee: false   # may the bot guarantee a delivery date?
//	  price_match: false
//	  never_promise: [guaranteed delivery, …]   # phrases the guard blocks in this language
//	  handoff: {min_confidence: 0.45, clarify_margin: 0.12, max_clarify: 2, max_no_input: 2,
//	            max_slot_retries: 2, max_fallbacks: 2, sentiment: -0.6}
//	prompts:                      # each a text or a list of variants
//	  greeting, goodbye, fallback, no_input, handoff, guard_safe_reply   (required)
//	  clarify: "Do you want {{first}} or {{second}}?"                    (required, both placeholders)
//	  confirm: "I heard {{value}}. Is that right?"                       (required; {{slot}} optional)
//	  slot_retry, action_failed                                          (optional)
//	intents:
//	  - name: order_status        # lower_snake_case, unique
//	    clarify: the status of your order      # label in the clarify prompt
//	    examples: [where is my order, …]       # speech-like phrases: classifier + recognizer LM
//	    answer: [text with {{order_number}} {{eta}}, …]   # variants
//	    slots:
//	      - {name: order_number, type: order_number, prompt: "What's your order number?", required: true, confirm: false}
//	    action:                                # HTTP webhook, run once required slots are filled
//	      method: GET                          # GET POST PUT PATCH DELETE
//	      url: /api/demo/orders/{{order_number}}   # absolute http(s) URL or a path on the runner's base URL
//	      body: {address: "{{new_address}}"}   # optional JSON body of rendered strings
//	      timeout: 2s                          # per attempt, default 3s, max 30s
//	      retries: 1                           # 0–5, on timeouts, connection errors, 5xx, 429
//	      fields: {eta: eta_text, first_item: items.0.name}   # placeholder → JSON path in the response
//	      switch: status                       # a field whose value picks the answer…
//	      cases: {shipped: "…", delivered: "…"}   # …from these (else the intent's answer)
//	      not_found: "…"                       # said on 404
//	      failed: "…"                          # said when the backend is down
//	    flags: [sensitive | commitment | handoff | end]
//	    expect: digits | yesno                 # what the caller's next turn should contain
//	    policy: refund                         # commitment check; needs slot "amount", reads field days_since_order
//	    denied: "…"                            # said when the check refuses
//
// Placeholders a template may use: the intent's slots, its action's fields, company and the policy values
// (refund_max_amount, refund_window_days, return_window_days, free_shipping_over, warranty_months, currency).
// Anything else is a load error.
//
// # Errors
//
// Loading reports every problem at once (errors.Join) as *FileError values carrying the file and line, each
// wrapping a sentinel from errors.go: ErrUnknownKey for a misspelt key, ErrDuplicate for a repeated intent,
// slot or example, ErrUnknownSlot for a template naming something that does not exist, ErrBadURL, ErrTemplate,
// ErrMissing, ErrInvalid, ErrSyntax.
//
// # Hot reload
//
// NewWatcher loads a directory and Run watches it with fsnotify (debounced). A changed file is validated;
// if it is good the new Set is swapped in atomically and subscribers are told (the engine retrains its
// classifier, the recognizer rebuilds its domain language model); if not, the previous version stays live and
// the error, with file and line, goes to the error callback and the log.
package kb
