"""Stopwords of Persian and Arabic, folded like the tokens they are compared with.

Function words only: pronouns, prepositions, conjunctions, auxiliaries and the Persian affixes that
are written apart (می شود, کتاب ها). Content words that generic lists carry (hazm's has بزرگ, جدید,
مهم, راه) stay searchable: a title is often made of little else.
"""
from __future__ import annotations

from analyzers.fold import fold

PERSIAN = """
و در به از که این را با است برای آن یک تا بر هم نیز یا اما اگر پس چون چه هر هیچ همه همین همان
او وی ما من تو شما ایشان آنها آنان اینها خود خودش خویش ام ات اش مان تان شان
ای ها های هایی تر ترین می نمی ی
بود بودن بوده بودند باشد باشند هست هستند هستیم نیست نیستند است اند ایم اید
شد شده شدن شدند شود شوند میشود میشوند میشد نمیشود
کرد کرده کردن کردند کند کنند میکند میکنند
خواهد خواهند باید نباید دارد دارند داشت داشته
درباره روی زیر میان بین پیش بعد قبل تحت طی نزد سوی بدون جز مانند مثل همچون
دیگر دیگری برخی بسیار خیلی فقط حتی هنوز اکنون نیز البته زیرا بلکه ولی لذا چنین چنان آنچه اینکه آنکه
""".split()

ARABIC = """
في من إلى الى عن مع منذ حتى خلال بين عند لدى ضد نحو حول دون غير سوى بعد قبل فوق تحت أمام وراء
و ف ثم أو أم بل لكن لكنه لكنها إذ إذا إن أن لأن كي لكي لو لولا لم لن لا ما ماذا هل قد لقد سوف كما كذلك
هو هي هم هن هما أنا نحن أنت أنتم انت انتم
هذا هذه ذلك تلك هؤلاء أولئك هنا هناك هنالك
الذي التي الذين اللذين اللتين اللاتي اللواتي اللتان اللذان
كان كانت كانوا يكون تكون يكونوا ليس ليست ليسوا أصبح أصبحت صار ظل
به بها بهم له لها لهم منه منها منهم عليه عليها عليهم إليه إليها فيه فيها فيهم عنه عنها
كل بعض أي أيضا جدا فقط حيث كيف متى أين لماذا عندما بينما أيضاً
وفي ومن وإلى وعلى وعن ومع وهو وهي وهذا وهذه وكان وكانت وقد ولا ولم ولن وأن وإن
""".split()

FOLDED = {
    "fa": frozenset(fold(w) for w in PERSIAN),
    "ar": frozenset(fold(w) for w in ARABIC),
    "other": frozenset(),
}


def is_stopword(folded_word: str, lang: str) -> bool:
    return folded_word in FOLDED[lang]
