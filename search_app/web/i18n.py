"""Interface text in English, Persian and Arabic.

The interface language comes from `?ui=` when it names one of ours, else from the browser's
Accept-Language, else English. Content keeps its own language and direction whatever the interface is.
"""
from __future__ import annotations

import calendar
from datetime import date

from werkzeug.datastructures import LanguageAccept

from analyzers.fold import ZWNJ
from indexer.dates import gregorian_to_solar, solar_month_name
from search_app.core.search import UI_LANGS

PERSIAN_ZERO = 0x06F0
ARABIC_INDIC_ZERO = 0x0660

RTL_LANGS = frozenset({"fa", "ar"})
LANG_NAMES = {"en": "English", "fa": "فارسی", "ar": "العربية"}

_DIGITS = {
    "fa": str.maketrans("0123456789", "".join(chr(PERSIAN_ZERO + i) for i in range(10))),
    "ar": str.maketrans("0123456789", "".join(chr(ARABIC_INDIC_ZERO + i) for i in range(10))),
}

EN_DASH = "\u2013"

MONTHS = {  # Gregorian; the Persian interface shows Solar Hijri dates (format_solar_hijri)
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
           "ديسمبر"),
}

MESSAGES: dict[str, dict[str, str]] = {
    "app_name": {"en": "Fahras", "fa": "فهرس", "ar": "فهرس"},
    "tagline": {
        "en": "Search Persian and Arabic news",
        "fa": "جستجو در خبرهای فارسی و عربی",
        "ar": "البحث في الأخبار الفارسية والعربية",
    },
    "nav_search": {"en": "Search", "fa": "جستجو", "ar": "بحث"},
    "nav_lists": {"en": "Saved lists", "fa": f"فهرست{ZWNJ}های ذخیره{ZWNJ}شده", "ar": "القوائم المحفوظة"},
    "ui_language": {"en": "Interface language", "fa": "زبان رابط", "ar": "لغة الواجهة"},
    "skip_to_results": {"en": "Skip to results", "fa": "رفتن به نتایج", "ar": "انتقل إلى النتائج"},
    "search_label": {"en": "Search the news", "fa": "جستجوی خبرها", "ar": "ابحث في الأخبار"},
    "search_placeholder": {
        "en": "Words, a \"phrase\", or -word to exclude",
        "fa": f"واژه{ZWNJ}ها، «عبارت»، یا منفی پیش از واژه برای حذف",
        "ar": "كلمات، أو \"عبارة\"، أو -كلمة لاستبعادها",
    },
    "search_button": {"en": "Search", "fa": "جستجو", "ar": "بحث"},
    "search_hint": {
        "en": "Quotes find a phrase; a minus sign excludes a word; * at the end of a word finds its beginnings.",
        "fa": f"گیومه عبارت را می{ZWNJ}یابد؛ منفی واژه را حذف می{ZWNJ}کند؛ * در پایان واژه آغاز آن را می{ZWNJ}یابد.",
        "ar": "علامات التنصيص تبحث عن عبارة؛ علامة الطرح تستبعد كلمة؛ و* في آخر الكلمة تبحث عن بدايتها.",
    },
    "syntax_link": {"en": "Search syntax", "fa": "راهنمای جستجو", "ar": "قواعد البحث"},
    "syntax_title": {"en": "Search syntax", "fa": "راهنمای نوشتن جستجو", "ar": "قواعد كتابة البحث"},
    "syntax_intro": {
        "en": "Combine any of these in the search box. Spellings are folded (ی/ي, ک/ك, hamza, diacritics, "
              "tatweel, the half-space, Persian, Arabic or Latin digits), and plurals meet their singulars.",
        "fa": f"هر یک از این{ZWNJ}ها را می{ZWNJ}توانید در جعبه جستجو با هم بیاورید. املاهای گوناگون یکی "
              f"می{ZWNJ}شوند (ی/ي، ک/ك، همزه، اعراب، کشیده، نیم{ZWNJ}فاصله، رقم{ZWNJ}های فارسی، عربی یا لاتین) "
              f"و جمع{ZWNJ}ها با مفردشان یافته می{ZWNJ}شوند.",
        "ar": "يمكن الجمع بين أي من هذه في مربع البحث. تُوحَّد طرق الكتابة (ی/ي، ک/ك، الهمزة، التشكيل، "
              "التطويل، نصف المسافة، الأرقام الفارسية أو العربية أو اللاتينية)، ويُعثر على المفرد بالجمع.",
    },
    "syntax_operators": {"en": "Operators", "fa": "عملگرها", "ar": "العوامل"},
    "syntax_filters": {"en": "Filters", "fa": f"پالایه{ZWNJ}ها", "ar": "عوامل التصفية"},
    "syntax_switches": {"en": "Switches beside the box", "fa": f"گزینه{ZWNJ}های کنار جعبه", "ar": "خيارات بجانب المربع"},
    "syntax_example": {"en": "Example", "fa": "نمونه", "ar": "مثال"},
    "syntax_meaning": {"en": "Finds", "fa": f"چه می{ZWNJ}یابد", "ar": "ما يجده"},
    "match": {"en": "Match", "fa": "تطابق", "ar": "المطابقة"},
    "mode_all": {"en": "All words", "fa": f"همه واژه{ZWNJ}ها", "ar": "كل الكلمات"},
    "mode_any": {"en": "Any word", "fa": "هر واژه", "ar": "أي كلمة"},
    "expand": {
        "en": "Expand entities (other names of the same person, place or organisation)",
        "fa": f"گسترش نام{ZWNJ}ها (نام{ZWNJ}های دیگر همان شخص، مکان یا سازمان)",
        "ar": "توسيع الكيانات (الأسماء الأخرى للشخص أو المكان أو المنظمة نفسها)",
    },
    "sort": {"en": "Sort", "fa": f"مرتب{ZWNJ}سازی", "ar": "الترتيب"},
    "sort_relevance": {"en": "Relevance", "fa": "ارتباط", "ar": "الصلة"},
    "sort_newest": {"en": "Newest first", "fa": f"تازه{ZWNJ}ترین", "ar": "الأحدث أولا"},
    "date_from": {"en": "From", "fa": "از تاریخ", "ar": "من تاريخ"},
    "date_to": {"en": "To", "fa": "تا تاریخ", "ar": "إلى تاريخ"},
    "apply": {"en": "Apply", "fa": "اعمال", "ar": "تطبيق"},
    "results_count": {"en": "{n} results", "fa": "{n} نتیجه", "ar": "عدد النتائج: {n}"},
    "results_for": {"en": "for", "fa": "برای", "ar": "عن"},
    "no_results": {
        "en": "No article matches this search.",
        "fa": "هیچ خبری با این جستجو جور نیست.",
        "ar": "لا يطابق أي مقال هذا البحث.",
    },
    "results": {"en": "Results", "fa": "نتایج", "ar": "النتائج"},
    "timed_out": {
        "en": "The search took too long and stopped early: these results may be incomplete.",
        "fa": "جستجو بیش از اندازه طول کشید و زودتر متوقف شد: شاید این نتایج کامل نباشد.",
        "ar": "استغرق البحث وقتا طويلا فتوقف مبكرا: قد تكون هذه النتائج ناقصة.",
    },
    "unfinished": {
        "en": "Not finished: the digest ran out of time before this search was done; open it to see it whole.",
        "fa": "ناتمام: وقت این خلاصه پیش از پایان این جستجو تمام شد؛ برای دیدن همه نتایج آن را باز کنید.",
        "ar": "غير مكتمل: انتهى وقت هذا الملخص قبل أن يكتمل هذا البحث؛ افتحه لترى نتائجه كاملة.",
    },
    "quote_closed": {
        "en": "A quotation mark was not closed: searched as if the phrase ended at the end of the query.",
        "fa": "گیومه بسته نشده بود: چنان جستجو شد که گویی عبارت در پایان جستجو بسته شده است.",
        "ar": "لم تُغلق علامة التنصيص: جرى البحث كأن العبارة تنتهي في آخر نص البحث.",
    },
    "did_you_mean": {"en": "Did you mean", "fa": "آیا منظورتان این بود:", "ar": "هل تقصد"},
    "more": {"en": "{n} more", "fa": "{n} مورد دیگر", "ar": "{n} أخرى"},
    "similar_articles": {"en": "and {n} similar articles", "fa": "و {n} خبر مشابه", "ar": "و{n} مقالات مشابهة"},
    "show_every_copy": {"en": "Show every copy", "fa": f"نمایش همه نسخه{ZWNJ}ها",
                        "ar": "عرض كل النسخ"},
    "group_copies": {"en": "Group similar articles", "fa": f"گروه{ZWNJ}بندی خبرهای مشابه",
                     "ar": "تجميع المقالات المتشابهة"},
    "export": {"en": "Export", "fa": "خروجی", "ar": "تصدير"},
    "timeline": {"en": "Articles over time", "fa": "خبرها در گذر زمان", "ar": "المقالات عبر الزمن"},
    "week_of": {"en": "week of {day}", "fa": "هفتهٔ {day}", "ar": "أسبوع {day}"},
    "refine": {"en": "Refine", "fa": "محدود کردن", "ar": "تضييق البحث"},
    "facet_person": {"en": "People", "fa": "اشخاص", "ar": "الأشخاص"},
    "facet_place": {"en": "Places", "fa": f"مکان{ZWNJ}ها", "ar": "الأماكن"},
    "facet_org": {"en": "Organisations", "fa": f"سازمان{ZWNJ}ها", "ar": "المنظمات"},
    "facet_lang": {"en": "Language", "fa": "زبان", "ar": "اللغة"},
    "facet_source": {"en": "Source", "fa": "منبع", "ar": "المصدر"},
    "facet_month": {"en": "Month", "fa": "ماه", "ar": "الشهر"},
    "filter_date_from": {"en": "From", "fa": "از", "ar": "من"},
    "filter_date_to": {"en": "To", "fa": "تا", "ar": "إلى"},
    "active_filters": {"en": "Filters", "fa": f"پالایه{ZWNJ}ها", "ar": "عوامل التصفية"},
    "remove_filter": {"en": "Remove filter", "fa": "برداشتن پالایه", "ar": "إزالة عامل التصفية"},
    "clear_filters": {"en": "Clear all", "fa": "برداشتن همه", "ar": "إزالة الكل"},
    "lang_fa": {"en": "Persian", "fa": "فارسی", "ar": "الفارسية"},
    "lang_ar": {"en": "Arabic", "fa": "عربی", "ar": "العربية"},
    "lang_other": {"en": "Other", "fa": "دیگر", "ar": "أخرى"},
    "date": {"en": "Date", "fa": "تاریخ", "ar": "التاريخ"},
    "author": {"en": "Author", "fa": "نویسنده", "ar": "الكاتب"},
    "pagination": {"en": "Pages", "fa": f"صفحه{ZWNJ}ها", "ar": "الصفحات"},
    "previous": {"en": "Previous", "fa": "قبلی", "ar": "السابق"},
    "next": {"en": "Next", "fa": "بعدی", "ar": "التالي"},
    "document_parts": {"en": "Parts of the article", "fa": f"بخش{ZWNJ}های خبر", "ar": "أجزاء المقال"},
    "part_of": {"en": "Part {n} of {total}", "fa": "بخش {n} از {total}", "ar": "الجزء {n} من {total}"},
    "page_of": {"en": "Page {page} of {pages}", "fa": "صفحه {page} از {pages}", "ar": "الصفحة {page} من {pages}"},
    "save_query": {"en": "Save this search", "fa": "ذخیره این جستجو", "ar": "احفظ هذا البحث"},
    "save_to": {"en": "Save to list", "fa": "ذخیره در فهرست", "ar": "احفظ في القائمة"},
    "new_list_option": {"en": "New list…", "fa": "فهرست تازه…", "ar": "قائمة جديدة…"},
    "new_list_name": {"en": "Name of the new list", "fa": "نام فهرست تازه", "ar": "اسم القائمة الجديدة"},
    "lists_title": {"en": "Saved lists", "fa": f"فهرست{ZWNJ}های ذخیره{ZWNJ}شده", "ar": "القوائم المحفوظة"},
    "lists_intro": {
        "en": "Group searches you want to follow; each list shows what is new since you last opened it.",
        "fa": f"جستجوهایی را که دنبال می{ZWNJ}کنید گروه کنید؛ هر فهرست خبرهای تازه از آخرین بازدید را نشان می{ZWNJ}دهد.",
        "ar": "اجمع عمليات البحث التي تتابعها؛ تعرض كل قائمة الجديد منذ آخر مرة فتحتها.",
    },
    "no_lists": {
        "en": "No list yet. Create one, then save a search into it.",
        "fa": "هنوز فهرستی نیست. یکی بسازید و جستجویی در آن ذخیره کنید.",
        "ar": "لا توجد قوائم بعد. أنشئ قائمة ثم احفظ فيها بحثا.",
    },
    "create_list": {"en": "Create list", "fa": "ساختن فهرست", "ar": "إنشاء قائمة"},
    "list_name": {"en": "List name", "fa": "نام فهرست", "ar": "اسم القائمة"},
    "rename": {"en": "Rename", "fa": "تغییر نام", "ar": "إعادة التسمية"},
    "delete_list": {"en": "Delete list", "fa": "حذف فهرست", "ar": "حذف القائمة"},
    "confirm_delete_list": {
        "en": "Delete this list and every search saved in it?",
        "fa": f"این فهرست و همه جستجوهای ذخیره{ZWNJ}شده در آن حذف شود؟",
        "ar": "أتحذف هذه القائمة وكل عمليات البحث المحفوظة فيها؟",
    },
    "remove_query": {"en": "Remove", "fa": "حذف", "ar": "حذف"},
    "export_json": {"en": "Export JSON", "fa": "خروجی JSON", "ar": "تصدير JSON"},
    "saved_queries_count": {"en": "{n} saved searches", "fa": f"{{n}} جستجوی ذخیره{ZWNJ}شده", "ar": "عمليات البحث المحفوظة: {n}"},
    "new_count": {"en": "{n} new", "fa": "{n} تازه", "ar": "{n} جديد"},
    "new_badge": {"en": "New", "fa": "تازه", "ar": "جديد"},
    "no_saved_queries": {
        "en": "This list has no saved search yet: search, then use “Save this search”.",
        "fa": f"این فهرست هنوز جستجوی ذخیره{ZWNJ}شده ندارد: جستجو کنید و «ذخیره این جستجو» را بزنید.",
        "ar": "لا يوجد بحث محفوظ في هذه القائمة بعد: ابحث ثم اختر «احفظ هذا البحث».",
    },
    "mark_seen": {"en": "Mark as seen", "fa": "دیده شد", "ar": "تعليم كمقروء"},
    "entities": {"en": "Named in this article", "fa": f"نام{ZWNJ}ها در این خبر", "ar": "الأسماء في هذا المقال"},
    "entity_person": {"en": "Person", "fa": "شخص", "ar": "شخص"},
    "entity_place": {"en": "Place", "fa": "مکان", "ar": "مكان"},
    "entity_org": {"en": "Organisation", "fa": "سازمان", "ar": "منظمة"},
    "entity_names": {"en": "Names as written", "fa": f"نام{ZWNJ}ها به همان صورت که نوشته شده", "ar": "الأسماء كما كُتبت"},
    "entity_months": {"en": "Documents per month", "fa": "خبرها در هر ماه", "ar": "المقالات في كل شهر"},
    "entity_related": {"en": "Named with it", "fa": f"نام{ZWNJ}های همراه", "ar": "يُذكر معه"},
    "entity_latest": {"en": "Latest documents", "fa": f"تازه{ZWNJ}ترین خبرها", "ar": "أحدث المقالات"},
    "entity_documents": {"en": "{n} documents", "fa": "{n} خبر", "ar": "المقالات: {n}"},
    "entity_search": {"en": "Search these documents", "fa": "جستجو در این خبرها", "ar": "البحث في هذه المقالات"},
    "entity_open": {"en": "About this entity", "fa": "درباره این نام", "ar": "عن هذا الاسم"},
    "back_to_results": {"en": "Back to results", "fa": "بازگشت به نتایج", "ar": "العودة إلى النتائج"},
    "original": {"en": "Original article", "fa": "خبر اصلی", "ar": "المقال الأصلي"},
    "json_twin": {"en": "JSON", "fa": "JSON", "ar": "JSON"},
    "error_400": {"en": "Bad request", "fa": "درخواست نادرست", "ar": "طلب غير صالح"},
    "error_404": {"en": "Not found", "fa": "پیدا نشد", "ar": "غير موجود"},
    "error_405": {"en": "Method not allowed", "fa": "روش مجاز نیست", "ar": "الطريقة غير مسموح بها"},
    "error_500": {"en": "Something went wrong", "fa": "خطایی رخ داد", "ar": "حدث خطأ"},
    "error_other": {"en": "Error", "fa": "خطا", "ar": "خطأ"},
    "explain_csrf_failed": {
        "en": "This form has expired or did not come from Fahras. Reload the page and try again.",
        "fa": "این فرم منقضی شده یا از فهرس نیامده است. صفحه را دوباره بارگذاری کنید و دوباره بکوشید.",
        "ar": "انتهت صلاحية هذا النموذج أو لم يأت من فهرس. أعد تحميل الصفحة وحاول مرة أخرى.",
    },
    "explain_bad_parameter": {
        "en": "A value in the request is not valid.",
        "fa": "یکی از مقدارهای درخواست نادرست است.",
        "ar": "إحدى قيم الطلب غير صالحة.",
    },
    "explain_bad_query": {
        "en": "The query could not be read.",
        "fa": "عبارت جستجو را نتوانستیم بخوانیم.",
        "ar": "تعذرت قراءة عبارة البحث.",
    },
    "explain_query_too_long": {
        "en": "The query is too long.",
        "fa": "عبارت جستجو بیش از اندازه بلند است.",
        "ar": "عبارة البحث طويلة جدا.",
    },
    "explain_not_found": {
        "en": "There is nothing at this address.",
        "fa": "در این نشانی چیزی نیست.",
        "ar": "لا يوجد شيء في هذا العنوان.",
    },
    "explain_method_not_allowed": {
        "en": "This address does not accept this kind of request.",
        "fa": f"این نشانی چنین درخواستی را نمی{ZWNJ}پذیرد.",
        "ar": "هذا العنوان لا يقبل هذا النوع من الطلبات.",
    },
    "explain_internal_error": {
        "en": "Something went wrong on our side; the error has been logged.",
        "fa": "در سمت ما خطایی رخ داد؛ خطا ثبت شده است.",
        "ar": "حدث خطأ من جهتنا؛ وقد سُجّل الخطأ.",
    },
    "error_code": {"en": "Error code", "fa": "کد خطا", "ar": "رمز الخطأ"},
}


# The search syntax page: (kind, example, what it finds in each interface language), one row per
# operator, filter and switch of search_app.core.query and search.parse_search; a switch's example is
# the message key of its label.
SYNTAX_HELP: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("operator", "قزاقستان اعتراضات", {
        "en": "Articles with every word (titles count twice).",
        "fa": f"خبرهایی که همه واژه{ZWNJ}ها را دارند (عنوان دو برابر متن وزن دارد).",
        "ar": "المقالات التي فيها كل الكلمات (للعنوان ضعف وزن النص).",
    }),
    ("operator", '"بنیاد سوروس"', {
        "en": "The exact phrase: the words next to each other, in this order.",
        "fa": f"عبارت دقیق: واژه{ZWNJ}ها کنار هم و به همین ترتیب.",
        "ar": "العبارة بعينها: الكلمات متجاورة وبهذا الترتيب.",
    }),
    ("operator", "كازاخستان -روسيا", {
        "en": "A minus sign right before a word, phrase or filter excludes the articles that have it.",
        "fa": f"منفی چسبیده به واژه، عبارت یا پالایه، خبرهایی را که آن را دارند کنار می{ZWNJ}گذارد.",
        "ar": "علامة الطرح الملاصقة لكلمة أو عبارة أو عامل تصفية تستبعد المقالات التي تحتويها.",
    }),
    ("operator", "قزاقستان OR كازاخستان", {
        "en": "OR, in capitals, between two words, phrases or filters: either one is enough.",
        "fa": "OR با حروف بزرگ میان دو واژه، عبارت یا پالایه: یکی از آن دو کافی است.",
        "ar": "OR بأحرف كبيرة بين كلمتين أو عبارتين أو عاملي تصفية: يكفي أحدهما.",
    }),
    ("operator", "قزاق*", {
        "en": "A star at the end of at least two letters finds every word that begins with them.",
        "fa": f"ستاره در پایان دست{ZWNJ}کم دو حرف، هر واژه{ZWNJ}ای را که با آن{ZWNJ}ها آغاز شود می{ZWNJ}یابد.",
        "ar": "النجمة في آخر حرفين على الأقل تجد كل كلمة تبدأ بهما.",
    }),
    ("filter", "person:tokayev", {
        "en": "Articles naming this person, by entity id or by a name in any language (person:توکایف).",
        "fa": f"خبرهایی که از این شخص نام می{ZWNJ}برند، با شناسه یا یکی از نام{ZWNJ}هایش در هر زبان (person:توکایف).",
        "ar": "المقالات التي تذكر هذا الشخص، بمعرّفه أو بأحد أسمائه في أي لغة (person:توكاييف).",
    }),
    ("filter", "place:almaty", {
        "en": "Articles naming this place (id or name).",
        "fa": f"خبرهایی که از این مکان نام می{ZWNJ}برند (شناسه یا نام).",
        "ar": "المقالات التي تذكر هذا المكان (بالمعرّف أو الاسم).",
    }),
    ("filter", "org:isis", {
        "en": "Articles naming this organisation (id or name).",
        "fa": f"خبرهایی که از این سازمان نام می{ZWNJ}برند (شناسه یا نام).",
        "ar": "المقالات التي تذكر هذه المنظمة (بالمعرّف أو الاسم).",
    }),
    ("filter", "lang:fa", {
        "en": "Articles in one language: fa (Persian), ar (Arabic) or other.",
        "fa": "خبرهای یک زبان: fa (فارسی)، ar (عربی) یا other (دیگر).",
        "ar": "المقالات بلغة واحدة: fa (الفارسية) أو ar (العربية) أو other (أخرى).",
    }),
    ("filter", "source:forbes.com", {
        "en": "Articles from one source, as the Source facet names it.",
        "fa": "خبرهای یک منبع، به همان نامی که در بخش «منبع» آمده است.",
        "ar": "المقالات من مصدر واحد، بالاسم الذي يظهر في «المصدر».",
    }),
    ("filter", "date:2022-01..2022-02", {
        "en": "Articles dated in a year (date:2022), a month (date:2022-01), a day (date:2022-01-30) or a range; "
              "a range may leave one end open (date:2022-01..).",
        "fa": "خبرهای یک سال (date:2022)، یک ماه (date:2022-01)، یک روز (date:2022-01-30) یا یک بازه "
              f"(تاریخ میلادی)؛ یک سر بازه می{ZWNJ}تواند باز بماند (date:2022-01..).",
        "ar": "المقالات المؤرخة في سنة (date:2022) أو شهر (date:2022-01) أو يوم (date:2022-01-30) أو مدة "
              "(بالتاريخ الميلادي)؛ ويجوز ترك أحد طرفي المدة مفتوحا (date:2022-01..).",
    }),
    ("switch", "mode_any", {
        "en": "One of the words is enough, best matches first.",
        "fa": f"یکی از واژه{ZWNJ}ها کافی است؛ بهترین{ZWNJ}ها نخست می{ZWNJ}آیند.",
        "ar": "تكفي كلمة واحدة، والأفضل مطابقة أولا.",
    }),
    ("switch", "expand", {
        "en": "On by default: a name also finds the other names of the same entity in both languages "
              "(توکایف finds توكاييف).",
        "fa": f"به{ZWNJ}طور پیش{ZWNJ}فرض روشن: یک نام، نام{ZWNJ}های دیگر همان موجود را در هر دو زبان هم "
              f"می{ZWNJ}یابد (توکایف، توكاييف را هم می{ZWNJ}یابد).",
        "ar": "مفعّل افتراضيا: يجد الاسم الأسماء الأخرى للكيان نفسه في اللغتين (توكاييف يجد توکایف).",
    }),
    ("switch", "sort_newest", {
        "en": "Newest articles first, undated ones last.",
        "fa": f"تازه{ZWNJ}ترین خبرها نخست، خبرهای بی{ZWNJ}تاریخ در پایان.",
        "ar": "الأحدث أولا، والمقالات غير المؤرخة في الآخر.",
    }),
)


def negotiate(ui_param: str | None, accept_languages: LanguageAccept) -> str:
    """The interface language: an explicit `?ui=` wins, then the browser's preference, then English."""
    if ui_param in UI_LANGS:
        return ui_param
    return accept_languages.best_match(UI_LANGS, default="en")


def translate(ui: str, key: str, **values) -> str:
    text = MESSAGES[key][ui]
    return text.format(**values) if values else text


def direction(lang: str | None) -> str:
    """`rtl` for Persian and Arabic, `ltr` for the rest (content of unknown script uses dir="auto")."""
    return "rtl" if lang in RTL_LANGS else "ltr"


def localize_digits(value, ui: str) -> str:
    """Numbers in the interface's digits: ۱۲ in Persian, ١٢ in Arabic, 12 in English."""
    text = str(value)
    table = _DIGITS.get(ui)
    return text.translate(table) if table else text


def period_label(start: str, interval: str, ui: str) -> str:
    """A timeline period by its first day: the day, "week of" the day, or the month, in the interface's
    calendar (Solar Hijri with Iranian month names in Persian)."""
    if ui == "fa" and interval == "month":
        year, month, _ = gregorian_to_solar(date.fromisoformat(start))
        label = localize_digits(f"{solar_month_name(month)} {year}", ui)
    else:
        label = format_date(start[:7] if interval == "month" else start, ui)
    return translate(ui, "week_of", day=label) if interval == "week" else label


def format_date(iso: str | None, ui: str) -> str:
    """"2022-01-30" as "30 January 2022" and "2022-01" as "January 2022", words and digits in the
    interface's language (an ISO date in Arabic digits would be reordered by the bidi algorithm); the
    Persian interface in the Solar Hijri calendar. Anything else is shown as given."""
    parts = _iso_parts(iso)
    if parts is None:
        return localize_digits(iso or "", ui)
    if ui == "fa":
        return format_solar_hijri(iso)
    year, month, day = parts
    words = [MONTHS[ui][month - 1], str(year)]
    if day is not None:
        words.insert(0, str(day))
    return localize_digits(" ".join(words), ui)


def format_solar_hijri(iso: str) -> str:
    """A Gregorian day ("2022-01-30") as «۱۰ بهمن ۱۴۰۰», a Gregorian month ("2022-01") as the Solar Hijri
    months it spans («دی–بهمن ۱۴۰۰»), with Iranian month names and Persian digits; ValueError when `iso`
    is neither."""
    parts = _iso_parts(iso)
    if parts is None:
        raise ValueError(f"not an ISO day or month: {iso!r}")
    year, month, day = parts
    if day is not None:
        solar_year, solar_month, solar_day = gregorian_to_solar(date(year, month, day))
        return localize_digits(f"{solar_day} {solar_month_name(solar_month)} {solar_year}", "fa")
    first = gregorian_to_solar(date(year, month, 1))
    last = gregorian_to_solar(date(year, month, calendar.monthrange(year, month)[1]))
    if first[0] == last[0]:
        text = f"{solar_month_name(first[1])}{EN_DASH}{solar_month_name(last[1])} {first[0]}"
    else:
        text = f"{solar_month_name(first[1])} {first[0]}{EN_DASH}{solar_month_name(last[1])} {last[0]}"
    return localize_digits(text, "fa")


def _iso_parts(iso: str | None) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of "YYYY-MM-DD" or "YYYY-MM"; None for anything else."""
    parts = (iso or "").split("-")
    if len(parts) not in (2, 3) or not all(p.isdecimal() for p in parts):
        return None
    year, month = int(parts[0]), int(parts[1])
    day = int(parts[2]) if len(parts) == 3 else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return year, month, day
