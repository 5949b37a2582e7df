/* The aligner's word-multiset primitives, and its clauses' normal words and tree tables, in C:
 * the same results as the pure-Python versions in ordiff/wordsets.py, which is the only module
 * that loads this one (and says what each does).
 *
 * Exactness, not approximation, is the contract: the whole-code comparison must not change by a
 * byte whichever version runs. So
 *   - a word is a run of characters that Python's re calls \w in a str pattern, which sre
 *     defines as Py_UNICODE_ISALNUM(ch) || ch == '_' (SRE_UNI_IS_WORD), and \s is
 *     Py_UNICODE_ISSPACE (SRE_UNI_IS_SPACE); text is lower-cased by the str's own lower(), so
 *     a character whose lower case is longer ('İ' -> 'i̇') gives what Python gives;
 *   - whitespace as str.split() knows it is Py_UNICODE_ISSPACE too (STRINGLIB_ISSPACE, in
 *     every str kind); a str made here has the narrowest kind its characters need, as Python's
 *     do (str equality compares kinds first);
 *   - floating point is done operation by operation in the order Python does it, each result
 *     rounded to a double (no fused multiply-add: see inside()), and an int is compared with a
 *     float only where both are exact doubles (word counts are refused beyond 2**53);
 *   - counts are Python ints: summed in C while they fit a long long, else as Python ints;
 *   - a clause's fields are what getattr gives (a slot is read directly only where getattr
 *     would read just that slot: see slots_of()), each read once, its kind and path with its
 *     children (one visit to each clause); each kind's rank and id prefix is looked up once;
 *   - a shortcut is taken only where it cannot change an answer: bounded() counts common
 *     words only as far as its yes or no needs (see bound_passes()).
 * No global state: the interned names live in the module's state. No C recursion: a tree of
 * any depth is walked with a stack on the heap.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <stddef.h>         /* offsetof */
#include <string.h>         /* memcpy */
#include <structmember.h>   /* T_OBJECT_EX, PY_AUDIT_READ: how a __slots__ field is stored */
#include <limits.h>

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "double expressions must be evaluated in double, as Python's floats are (no x87 excess)"
#endif

#define EXACT (1LL << 53)   /* every int up to this magnitude is exactly a double */

enum { HEADING, TEXT, OWN_PATH, OWN };   /* a clause's fields unchanged() and unchanged_lines() read */
#define CHANGE_SLOTS 7

typedef struct {
    PyObject *lower;        /* "lower", interned */
    PyObject *children, *kind, *path;   /* a clause's fields' names, interned */
    PyObject *slash;        /* "/" */
    PyObject *own[OWN];     /* "heading", "text", "path", interned */
    PyObject *op;           /* "op", interned */
    /* unchanged()'s types and values, from configure_unchanged() (NULL before): */
    PyTypeObject *change_type, *span_type;
    PyObject *equal, *unchanged, *one;  /* Op.EQUAL, ChangeKind.UNCHANGED, 1.0 */
    Py_ssize_t change_offsets[CHANGE_SLOTS];
    unsigned int change_version, span_version;  /* their version tags then */
    PyObject *span_op;      /* what Span.op was then (owned) */
    /* the clause type last read by unchanged(), while its attributes are as they were: */
    PyTypeObject *clause_type;
    unsigned int clause_version;    /* its tp_version_tag then */
    int clause_direct;              /* whether heading and text are read from its slots */
    Py_ssize_t clause_offsets[OWN];
} State;

/* ---- characters ------------------------------------------------------------------------- */

static inline int ascii_word(Py_UCS4 ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
           || ch == '_';
}

/* re's \w on a str pattern (SRE_UNI_IS_WORD in CPython's Modules/_sre). */
static inline int is_word(Py_UCS4 ch)
{
    return ch < 128 ? ascii_word(ch) : Py_UNICODE_ISALNUM(ch);
}

/* ---- tokens and marks ------------------------------------------------------------------ */

/* Appends word to words, taking the reference; -1 on error (word NULL or the append failed). */
static int append_word(PyObject *words, PyObject *word)
{
    if (!word) return -1;
    int failed = PyList_Append(words, word);
    Py_DECREF(word);
    return failed;
}

#define ASCII_LOWER(ch) ((ch) >= 'A' && (ch) <= 'Z' ? (ch) + 32 : (ch))

/* words_T(words, lowered, s, n): appends the runs of word characters of s[0:n] (a str's data of
 * character type T) to words. s is either an exact ASCII str, lowered here word by word
 * (lowered is NULL), or the data of lowered, what a str's lower() gave, taken as it is (a
 * subclass's lower() may keep capitals): an ASCII word is copied (one scan, where slicing
 * would scan it again for its widest character), any other sliced. count_marks_T(s, n): how many word runs and single characters
 * neither word nor space s[0:n] holds. One pair per str kind, so that each loop reads its
 * characters directly. */
#define SCANS(T)                                                                              \
static int words_##T(PyObject *words, PyObject *lowered, const T *s, Py_ssize_t n)            \
{                                                                                             \
    Py_ssize_t i = 0, start;                                                                  \
    for (;;) {                                                                                \
        while (i < n && !is_word(s[i])) i++;                                                  \
        if (i == n) return 0;                                                                 \
        Py_UCS4 all = 0;  /* its characters or'ed: below 128 if all are ASCII */              \
        for (start = i; i < n && is_word(s[i]); i++) all |= s[i];                             \
        PyObject *word;                                                                       \
        if (all >= 128) {                                                                     \
            word = PyUnicode_Substring(lowered, start, i);                                    \
        } else if (i - start == 1) {  /* the shared one-character str, as slicing gives */    \
            word = PyUnicode_FromOrdinal(lowered ? s[start] : ASCII_LOWER(s[start]));        \
        } else if ((word = PyUnicode_New(i - start, 127))) {                                  \
            Py_UCS1 *d = PyUnicode_1BYTE_DATA(word);                                          \
            for (Py_ssize_t j = start; j < i; j++)                                            \
                *d++ = (Py_UCS1)(lowered ? s[j] : ASCII_LOWER(s[j]));                         \
        }                                                                                     \
        if (append_word(words, word) < 0) return -1;                                          \
    }                                                                                         \
}                                                                                             \
                                                                                              \
static Py_ssize_t count_marks_##T(const T *s, Py_ssize_t n)                                   \
{                                                                                             \
    Py_ssize_t i = 0, count = 0;                                                              \
    while (i < n) {                                                                           \
        if (is_word(s[i])) {                                                                  \
            for (i++; i < n && is_word(s[i]); i++) {}                                         \
            count++;                                                                          \
        } else {                                                                              \
            count += !Py_UNICODE_ISSPACE(s[i]);                                               \
            i++;                                                                              \
        }                                                                                     \
    }                                                                                         \
    return count;                                                                             \
}

SCANS(Py_UCS1)
SCANS(Py_UCS2)
SCANS(Py_UCS4)

/* words_T for a str's kind. */
static int words_of(PyObject *words, PyObject *lowered, PyObject *text)
{
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: return words_Py_UCS1(words, lowered, data, n);
    case PyUnicode_2BYTE_KIND: return words_Py_UCS2(words, lowered, data, n);
    default: return words_Py_UCS4(words, lowered, data, n);
    }
}

/* tokens(text) == re.findall(r"\w+", text.lower()). An ASCII str is lowered word by word
 * (no lowered copy of the whole text); any other calls its own lower(). */
static PyObject *tokens(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text))
        return PyErr_Format(PyExc_TypeError, "tokens() needs a str, not %.200s",
                            Py_TYPE(text)->tp_name);
    if (PyUnicode_READY(text) < 0) return NULL;  /* a legacy str made by the old API */
    PyObject *words = PyList_New(0);
    if (!words) return NULL;
    if (PyUnicode_CheckExact(text) && PyUnicode_IS_ASCII(text)) {
        if (words_of(words, NULL, text) < 0) Py_CLEAR(words);
        return words;
    }
    State *state = PyModule_GetState(module);
    PyObject *lowered = PyObject_CallMethodNoArgs(text, state->lower);
    if (!lowered || !PyUnicode_Check(lowered) || PyUnicode_READY(lowered) < 0
            || words_of(words, lowered, lowered) < 0) {
        if (lowered && !PyErr_Occurred())
            PyErr_Format(PyExc_TypeError, "lower() gave %.200s, not a str",
                         Py_TYPE(lowered)->tp_name);
        Py_CLEAR(words);
    }
    Py_XDECREF(lowered);
    return words;
}

/* count_marks(text) == len(re.findall(r"\w+|[^\w\s]", text)): word runs and single characters
 * that are neither word nor space. */
static PyObject *count_marks(PyObject *module, PyObject *text)
{
    (void)module;
    if (!PyUnicode_Check(text))
        return PyErr_Format(PyExc_TypeError, "count_marks() needs a str, not %.200s",
                            Py_TYPE(text)->tp_name);
    if (PyUnicode_READY(text) < 0) return NULL;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: return PyLong_FromSsize_t(count_marks_Py_UCS1(data, n));
    case PyUnicode_2BYTE_KIND: return PyLong_FromSsize_t(count_marks_Py_UCS2(data, n));
    default: return PyLong_FromSsize_t(count_marks_Py_UCS4(data, n));
    }
}

/* ---- word multisets --------------------------------------------------------------------- */

/* What two word multisets (dicts of word -> int count) have in common: how many keys, and the
 * sum of the smaller counts over those keys, kept in `small` while it fits a long long and in
 * `big` (a Python int, owned) from then on. */
typedef struct {
    Py_ssize_t keys;
    long long small;
    PyObject *big;
} Overlap;

static int is_dict(PyObject *obj, const char *what)
{
    if (PyDict_Check(obj)) return 1;
    PyErr_Format(PyExc_TypeError, "%s must be a dict (a Counter), not %.200s", what,
                 Py_TYPE(obj)->tp_name);
    return 0;
}

static int add_fits(long long total, long long more)
{
    return more >= 0 ? total <= LLONG_MAX - more : total >= LLONG_MIN - more;
}

/* Adds min(x, y) to the overlap's sum, as Python's min() and sum() would (x is the first
 * dict's count). */
static int add_min(Overlap *o, PyObject *x, PyObject *y)
{
    if (!PyLong_Check(x) || !PyLong_Check(y)) {
        PyErr_Format(PyExc_TypeError, "word counts must be int, not %.200s",
                     Py_TYPE(PyLong_Check(x) ? y : x)->tp_name);
        return -1;
    }
    if (!o->big && PyLong_CheckExact(x) && PyLong_CheckExact(y)) {
        int x_over, y_over;
        long long a = PyLong_AsLongLongAndOverflow(x, &x_over);
        long long b = PyLong_AsLongLongAndOverflow(y, &y_over);
        long long m = b < a ? b : a;
        if (!x_over && !y_over && add_fits(o->small, m)) {
            o->small += m;
            return 0;
        }
    }
    if (!o->big && !(o->big = PyLong_FromLongLong(o->small))) return -1;
    int less = PyObject_RichCompareBool(y, x, Py_LT);  /* min(x, y) is y only if y < x */
    if (less < 0) return -1;
    PyObject *sum = PyNumber_Add(o->big, less ? y : x);
    if (!sum) return -1;
    Py_SETREF(o->big, sum);
    return 0;
}

/* The keys a and b share, and with `sums` the sum of their smaller counts: the smaller dict is
 * walked, each key looked up in the other (a str key's hash is cached in it). */
static int overlap(PyObject *a, PyObject *b, int sums, Overlap *o)
{
    o->keys = 0;
    o->small = 0;
    o->big = NULL;
    int a_smaller = PyDict_GET_SIZE(a) <= PyDict_GET_SIZE(b);
    PyObject *walked = a_smaller ? a : b, *other = a_smaller ? b : a, *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(walked, &pos, &key, &value)) {
        Py_INCREF(key);  /* a key's __eq__ may change the walked dict */
        Py_INCREF(value);
        PyObject *theirs = PyDict_GetItemWithError(other, key);
        Py_XINCREF(theirs);
        int failed = !theirs && PyErr_Occurred();
        if (theirs && !failed) {
            o->keys++;
            if (sums)
                failed = add_min(o, a_smaller ? value : theirs, a_smaller ? theirs : value) < 0;
        }
        Py_XDECREF(theirs);
        Py_DECREF(value);
        Py_DECREF(key);
        if (failed) {
            Py_CLEAR(o->big);
            return -1;
        }
    }
    return 0;
}

/* The overlap's sum as a Python int (a new reference). */
static PyObject *overlap_sum(Overlap *o)
{
    if (o->big) {
        PyObject *sum = o->big;
        o->big = NULL;
        return sum;
    }
    return PyLong_FromLongLong(o->small);
}

static int arity(const char *name, Py_ssize_t given, Py_ssize_t wanted)
{
    if (given == wanted) return 1;
    PyErr_Format(PyExc_TypeError, "%s() takes exactly %zd arguments (%zd given)", name, wanted,
                 given);
    return 0;
}

/* The overlap of a two-dict call's arguments; 0 on error. */
static int overlap_of(const char *name, PyObject *const *args, Py_ssize_t nargs, int sums,
                      Overlap *o)
{
    return arity(name, nargs, 2) && is_dict(args[0], "a") && is_dict(args[1], "b")
           && overlap(args[0], args[1], sums, o) == 0;
}

/* shared(a, b) == sum(min(a[k], b[k]) for k in a.keys() & b.keys()) */
static PyObject *shared(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    Overlap o;
    return overlap_of("shared", args, nargs, 1, &o) ? overlap_sum(&o) : NULL;
}

/* common(a, b) == len(a.keys() & b.keys()) */
static PyObject *common(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    Overlap o;
    return overlap_of("common", args, nargs, 0, &o) ? PyLong_FromSsize_t(o.keys) : NULL;
}

/* A word count as a long long that is exactly a double (|count| <= 2**53). */
static int word_count(PyObject *obj, const char *what, long long *out)
{
    if (!PyLong_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int, not %.200s", what,
                     Py_TYPE(obj)->tp_name);
        return 0;
    }
    int overflow;
    long long value = PyLong_AsLongLongAndOverflow(obj, &overflow);
    if (value == -1 && PyErr_Occurred()) return 0;
    if (overflow || value > EXACT || value < -EXACT) {
        PyErr_Format(PyExc_OverflowError, "%s beyond 2**53 words", what);
        return 0;
    }
    *out = value;
    return 1;
}

static int as_double(PyObject *obj, double *out)
{
    *out = PyFloat_AsDouble(obj);
    return !(*out == -1.0 && PyErr_Occurred());
}

/* Whether float(misses) + product > bound for the number of part's keys missing from whole,
 * as Python evaluates it (the int converted to a double, then added): 1, 0, or -1 on error.
 * The sum only grows with misses (each rounding is monotone), so the walk stops at the first
 * miss that makes it true: most parts are not inside (81,000 of 82,000 on a whole code) and
 * fail after a few of their words. No whole has fewer keys than part shares with it, so
 * len(part) - len(whole) misses are certain before any word is looked up. */
static int misses_exceed(PyObject *part, PyObject *whole, double product, double bound)
{
    Py_ssize_t misses = PyDict_GET_SIZE(part) - PyDict_GET_SIZE(whole);
    if (misses > 0 && (double)misses + product > bound) return 1;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    misses = 0;
    while (PyDict_Next(part, &pos, &key, &value)) {
        Py_INCREF(key);  /* a key's __eq__ may change the walked dict */
        int found = PyDict_Contains(whole, key);
        Py_DECREF(key);
        if (found < 0) return -1;
        if (!found && (double)++misses + product > bound) return 1;
    }
    return 0;
}

/* Whether part (size_obj words, size as a long long) is at least share contained in whole:
 * align_split._inside with CONTAINMENT as share. 1, 0, or -1 on error. */
static int contains(PyObject *part, PyObject *whole, PyObject *size_obj, long long size,
                    double share)
{
    Overlap o;
    /* len(part) - len(common) + share * size > size + 1e-9, one rounding per operation: the
     * product goes through a volatile so that no compiler fuses it with the sum (an FMA
     * rounds once, Python twice). */
    volatile double product = share * (double)size;
    int outside = misses_exceed(part, whole, product, (double)size + 1e-9);
    if (outside) return outside < 0 ? -1 : 0;
    if (overlap(part, whole, 1, &o) < 0) return -1;
    double ratio;
    if (!o.big && size && o.small <= EXACT && o.small >= -EXACT) {
        ratio = (double)o.small / (double)size;  /* what int / int does with exact doubles */
    } else {  /* a sum beyond 2**53 (int / int rounds it correctly), or ZeroDivisionError */
        PyObject *sum = overlap_sum(&o);
        PyObject *quotient = sum ? PyNumber_TrueDivide(sum, size_obj) : NULL;
        Py_XDECREF(sum);
        if (!quotient) return -1;
        ratio = PyFloat_AsDouble(quotient);
        Py_DECREF(quotient);
        if (ratio == -1.0 && PyErr_Occurred()) return -1;
    }
    return ratio >= share;
}

/* inside(part, whole, size, share): align_split._inside with CONTAINMENT as share. */
static PyObject *inside(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    long long size;
    double share;
    if (!arity("inside", nargs, 4) || !is_dict(args[0], "part") || !is_dict(args[1], "whole")
            || !word_count(args[2], "size", &size) || !as_double(args[3], &share))
        return NULL;
    int in = contains(args[0], args[1], args[2], size, share);
    return in < 0 ? NULL : PyBool_FromLong(in);
}

/* ---- the candidate filter of align_search.scored ---------------------------------------- */

typedef struct {
    PyObject *new_size, *new_rank, *new_words, *words;
    long long size, rank;
    Py_ssize_t distinct;
    double least, threshold;
} Filter;

/* lists[n] as Python indexes a list (a negative n counts from the end), borrowed. */
static PyObject *item(PyObject *list, Py_ssize_t n)
{
    Py_ssize_t length = PyList_GET_SIZE(list);
    Py_ssize_t at = n < 0 ? n + length : n;
    if (at < 0 || at >= length) {
        PyErr_SetString(PyExc_IndexError, "list index out of range");
        return NULL;
    }
    return PyList_GET_ITEM(list, at);
}

/* rank != new_rank[n], as Python compares them: 1, 0, or -1 on error. */
static int other_rank(const Filter *f, PyObject *theirs, PyObject *rank)
{
    if (PyLong_CheckExact(theirs)) {
        int overflow;
        long long value = PyLong_AsLongLongAndOverflow(theirs, &overflow);
        return overflow || value != f->rank;
    }
    return PyObject_RichCompareBool(rank, theirs, Py_NE);
}

/* The Dice bound of two word multisets of these sizes and distinct words sharing `common`
 * distinct words: align_side.dice_bound's expression, operation by operation. */
static double dice_bound(long long size, long long other, Py_ssize_t mine, Py_ssize_t yours,
                         Py_ssize_t common)
{
    long long a = size - mine + common, b = other - yours + common;
    return 2.0 * (double)(b < a ? b : a) / (double)(size + other);
}

/* Whether a and b share at least `need` keys: 1, 0, or -1 on error. The smaller is walked and
 * the walk stops as soon as the answer is known (most candidates fail after a few misses). */
static int shares_at_least(PyObject *a, PyObject *b, Py_ssize_t need)
{
    PyObject *walked = PyDict_GET_SIZE(a) <= PyDict_GET_SIZE(b) ? a : b;
    PyObject *other = walked == a ? b : a, *key, *value;
    Py_ssize_t pos = 0, spare = PyDict_GET_SIZE(walked) - need;  /* the misses it can afford */
    if (need <= 0) return 1;
    if (spare < 0) return 0;
    while (PyDict_Next(walked, &pos, &key, &value)) {
        Py_INCREF(key);  /* a key's __eq__ may change the walked dict */
        int found = PyDict_Contains(other, key);
        Py_DECREF(key);
        if (found < 0) return -1;
        if (found ? --need == 0 : --spare < 0) return found;
    }
    return 0;  /* (only if the walked dict shrank meanwhile) */
}

/* Whether a pair of these sizes (both non-zero) passes the Dice bound: 1, 0, or -1 on error.
 * Python counts all common words and compares the bound; the bound only grows with them (when
 * size + other > 0: a min of two ints each rising with them, doubled and divided by a positive
 * double, each step rounded monotonically), so the fewest that pass are found by bisection on
 * the very expression, and then counted only as far as needed: the same answer. */
static int bound_passes(const Filter *f, PyObject *their_words, long long size, long long other)
{
    if (!is_dict(their_words, "new_words[n]")) return -1;
    if (size + other == 0) {  /* only negative sizes get here: as Python, no inf or nan */
        PyErr_SetString(PyExc_ZeroDivisionError, "float division by zero");
        return -1;
    }
    Py_ssize_t yours = PyDict_GET_SIZE(their_words);
    Py_INCREF(their_words);  /* a key's __eq__ may change the list */
    int pass;
    if (size + other < 0) {  /* negative sizes: no monotony, every common word counted */
        Overlap o;
        pass = overlap(f->words, their_words, 0, &o) < 0 ? -1
               : !(dice_bound(size, other, f->distinct, yours, o.keys) < f->threshold);
    } else {
        Py_ssize_t most = f->distinct < yours ? f->distinct : yours, low = 0, high = most + 1;
        while (low < high) {  /* the fewest common words that pass, or most + 1: none do */
            Py_ssize_t middle = low + (high - low) / 2;
            if (dice_bound(size, other, f->distinct, yours, middle) < f->threshold)
                low = middle + 1;
            else
                high = middle;
        }
        pass = low > most ? 0 : shares_at_least(f->words, their_words, low);
    }
    Py_DECREF(their_words);
    return pass;
}

/* Whether candidate n passes the rank, size and Dice-bound filters: 1, 0, or -1 on error. */
static int passes(const Filter *f, Py_ssize_t n, PyObject *rank)
{
    PyObject *theirs = item(f->new_rank, n);
    if (!theirs) return -1;
    Py_INCREF(theirs);  /* __ne__ of an int subclass may change the list */
    int differs = other_rank(f, theirs, rank);
    Py_DECREF(theirs);
    if (differs) return differs < 0 ? -1 : 0;
    long long other, size = f->size;
    if (!(theirs = item(f->new_size, n)) || !word_count(theirs, "new_size[n]", &other))
        return -1;
    if (other < size ? (double)other < f->least * (double)size
                     : (double)size < f->least * (double)other)
        return 0;  /* min(size, other) < least * max(size, other) */
    PyObject *their_words = item(f->new_words, n);
    if (!their_words) return -1;
    if (!size || !other)  /* what dice() gives an empty side */
        return !((!size && !other ? 1.0 : 0.0) < f->threshold);
    return bound_passes(f, their_words, size, other);
}

/* n as a list index, as Python takes one (TypeError if not an integer): 0 on error. */
static int index_of(PyObject *n, Py_ssize_t *at)
{
    if (!PyIndex_Check(n)) {
        PyErr_Format(PyExc_TypeError, "list indices must be integers or slices, not %.200s",
                     Py_TYPE(n)->tp_name);
        return 0;
    }
    *at = PyNumber_AsSsize_t(n, PyExc_IndexError);
    return !(*at == -1 && PyErr_Occurred());
}

static int is_list(PyObject *obj, const char *what)
{
    if (PyList_Check(obj)) return 1;
    PyErr_Format(PyExc_TypeError, "%s must be a list, not %.200s", what, Py_TYPE(obj)->tp_name);
    return 0;
}

/* bounded(candidates, new_size, new_rank, new_words, words, size, rank, least, threshold):
 * the candidates, in their order, that scored() would go on to score. */
static PyObject *bounded(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    Filter f;
    if (!arity("bounded", nargs, 9) || !is_list(args[1], "new_size")
            || !is_list(args[2], "new_rank") || !is_list(args[3], "new_words")
            || !is_dict(args[4], "words") || !word_count(args[5], "size", &f.size)
            || !as_double(args[7], &f.least) || !as_double(args[8], &f.threshold))
        return NULL;
    if (!PyLong_Check(args[6]))
        return PyErr_Format(PyExc_TypeError, "rank must be an int, not %.200s",
                            Py_TYPE(args[6])->tp_name);
    int overflow;
    f.rank = PyLong_AsLongLongAndOverflow(args[6], &overflow);
    if (overflow)
        return PyErr_Format(PyExc_OverflowError, "rank beyond a long long");
    if (f.rank == -1 && PyErr_Occurred()) return NULL;
    f.new_size = args[1], f.new_rank = args[2], f.new_words = args[3], f.words = args[4];
    f.distinct = PyDict_GET_SIZE(f.words);
    PyObject *kept = PyList_New(0), *each = PyObject_GetIter(args[0]), *n;
    if (!kept || !each) goto error;
    while ((n = PyIter_Next(each))) {
        Py_ssize_t at;
        int pass = index_of(n, &at) ? passes(&f, at, args[6]) : -1;
        if (pass > 0) pass = PyList_Append(kept, n) < 0 ? -1 : 1;
        Py_DECREF(n);
        if (pass < 0) goto error;
    }
    if (PyErr_Occurred()) goto error;
    Py_DECREF(each);
    return kept;
error:
    Py_XDECREF(each);
    Py_XDECREF(kept);
    return NULL;
}

/* ---- the postings of align_search.candidates and the pieces of align_split.splits ----- */

/* found.setdefault(word, []).append(n) for each word of words[n], in its order: 0, or -1. */
static int add_postings(PyObject *found, PyObject *words, PyObject *n)
{
    Py_ssize_t at, pos = 0;
    PyObject *bag, *key, *value;
    if (!index_of(n, &at) || !(bag = item(words, at)) || !is_dict(bag, "words[n]")) return -1;
    Py_INCREF(bag);  /* a key's __eq__ may change the list */
    int failed = 0;
    while (!failed && PyDict_Next(bag, &pos, &key, &value)) {
        Py_INCREF(key);  /* ... or the walked dict */
        PyObject *ns = PyDict_GetItemWithError(found, key);
        if (ns) {
            failed = PyList_Append(ns, n) < 0;
        } else if (PyErr_Occurred() || !(ns = PyList_New(1))) {
            failed = 1;
        } else {
            PyList_SET_ITEM(ns, 0, Py_NewRef(n));
            failed = PyDict_SetItem(found, key, ns) < 0;
            Py_DECREF(ns);
        }
        Py_DECREF(key);
    }
    Py_DECREF(bag);
    return failed ? -1 : 0;
}

/* postings(indices, words): each word of the words[n] of n in indices, in first-seen order,
 * with the ns it is in, in order: align_search.candidates' postings. */
static PyObject *postings(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (!arity("postings", nargs, 2) || !is_list(args[0], "indices")
            || !is_list(args[1], "words"))
        return NULL;
    PyObject *found = PyDict_New();
    if (!found) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(args[0]); i++) {
        PyObject *n = Py_NewRef(PyList_GET_ITEM(args[0], i));
        int failed = add_postings(found, args[1], n) < 0;
        Py_DECREF(n);
        if (failed) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}

typedef struct {
    PyObject *taken, *p2w, *partner, *part_size, *part_words, *whole_words;
    long long whole_size;
    double share;
} Pieces;

/* Whether part p may be a piece of the whole: free (or the whole's partner), small enough and
 * share contained in it. 1, 0, or -1 on error. */
static int is_piece(const Pieces *f, PyObject *p)
{
    int found = PySet_Contains(f->taken, p);
    if (found) return found < 0 ? -1 : 0;
    if ((found = PyDict_Contains(f->p2w, p)) < 0) return -1;
    if (found && (found = PyObject_RichCompareBool(p, f->partner, Py_EQ)) <= 0) return found;
    Py_ssize_t at;
    long long size;
    PyObject *size_obj, *bag;
    if (!index_of(p, &at) || !(size_obj = item(f->part_size, at))
            || !word_count(size_obj, "part_size[p]", &size))
        return -1;
    /* part_size[p] * share <= whole_size as Python: the int made a double, then multiplied
     * (through a volatile: no fused operation), then compared with an exact double. */
    volatile double product = (double)size * f->share;
    if (!(product <= (double)f->whole_size)) return 0;
    if (!(bag = item(f->part_words, at)) || !is_dict(bag, "part_words[p]")) return -1;
    Py_INCREF(size_obj);  /* a key's __eq__ may change the lists */
    Py_INCREF(bag);
    int in = contains(bag, f->whole_words, size_obj, size, f->share);
    Py_DECREF(bag);
    Py_DECREF(size_obj);
    return in;
}

/* pieces(members, limit, taken, p2w, partner, part_size, part_words, whole_words, whole_size,
 * share): the members among the first limit that may be pieces of the whole, in their order
 * (align_split.splits' filter). */
static PyObject *pieces(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    Pieces f;
    if (!arity("pieces", nargs, 10) || !is_list(args[0], "members")
            || !is_dict(args[3], "p2w") || !is_list(args[5], "part_size")
            || !is_list(args[6], "part_words") || !is_dict(args[7], "whole_words")
            || !word_count(args[8], "whole_size", &f.whole_size) || !as_double(args[9], &f.share))
        return NULL;
    if (!PyAnySet_Check(args[2]))
        return PyErr_Format(PyExc_TypeError, "taken must be a set, not %.200s",
                            Py_TYPE(args[2])->tp_name);
    if (!PyIndex_Check(args[1]))
        return PyErr_Format(PyExc_TypeError, "slice indices must be integers, not %.200s",
                            Py_TYPE(args[1])->tp_name);
    Py_ssize_t limit = PyNumber_AsSsize_t(args[1], NULL), length = PyList_GET_SIZE(args[0]);
    if (limit == -1 && PyErr_Occurred()) return NULL;
    limit = limit < 0 ? (limit + length < 0 ? 0 : limit + length) : limit;  /* members[:limit] */
    f.taken = args[2], f.p2w = args[3], f.partner = args[4], f.part_size = args[5];
    f.part_words = args[6], f.whole_words = args[7];
    PyObject *members = PyList_GetSlice(args[0], 0, limit), *kept = PyList_New(0);
    if (!members || !kept) goto error;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(members); i++) {
        PyObject *p = PyList_GET_ITEM(members, i);
        int piece = is_piece(&f, p);
        if (piece > 0) piece = PyList_Append(kept, p) < 0 ? -1 : 1;
        if (piece < 0) goto error;
    }
    Py_DECREF(members);
    return kept;
error:
    Py_XDECREF(members);
    Py_XDECREF(kept);
    return NULL;
}

/* ---- a clause's normal words ------------------------------------------------------------ */

/* Latin-1's whitespace as str.split() knows it (Py_UNICODE_ISSPACE: exec_module checks that
 * this table agrees): 1, or 2 for the space. */
static const unsigned char LATIN1_SPACES[256] = {
    [0x09] = 1, [0x0A] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x1C] = 1, [0x1D] = 1,
    [0x1E] = 1, [0x1F] = 1, [' '] = 2, [0x85] = 1, [0xA0] = 1};

/* 2 for a space, 1 for any other whitespace (Py_UNICODE_ISSPACE), 0 for the rest. */
static inline unsigned space_of(Py_UCS4 ch)
{
    return ch < 256 ? LATIN1_SPACES[ch] : Py_UNICODE_ISSPACE(ch) != 0;
}

/* needs_squeeze_T(s, n): whether " ".join(s.split()) differs from s[0:n]: a space first or
 * last, two in a row, or any other whitespace. One scan, with no branch on a character's class
 * (a space comes every few characters: such a branch would be mispredicted about as often;
 * this is 2.5x faster on a whole code's texts); most texts need nothing. squeeze_T(s, n):
 * " ".join(s.split()) as a new str, of the narrowest kind its characters need (the whitespace
 * dropped may have been its widest). */
#define SQUEEZES(T)                                                                           \
static int needs_squeeze_##T(const T *s, Py_ssize_t n)                                        \
{                                                                                             \
    unsigned before = 2, bad = 0;  /* as if after a space: one first needs squeezing */       \
    for (Py_ssize_t i = 0; i < n; i++) {                                                      \
        unsigned space = space_of(s[i]);                                                      \
        bad |= space & (1 | before);  /* another whitespace, or a space after a space */      \
        before = space;                                                                       \
    }                                                                                         \
    return n && (bad | (before & 2));  /* (or a space last) */                                \
}                                                                                             \
                                                                                              \
static PyObject *squeeze_##T(const T *s, Py_ssize_t n)                                        \
{                                                                                             \
    Py_ssize_t length = 0, words = 0, i = 0;                                                  \
    Py_UCS4 all = 0;  /* the kept characters or'ed: the kind thresholds are powers of two */  \
    for (;;) {                                                                                \
        while (i < n && space_of(s[i])) i++;                                                  \
        if (i == n) break;                                                                    \
        length += words++ > 0;                                                                \
        for (; i < n && !space_of(s[i]); i++, length++) all |= s[i];                          \
    }                                                                                         \
    all |= words > 1 ? ' ' : 0;  /* (or'ed astral characters may pass the last one) */       \
    PyObject *squeezed = PyUnicode_New(length, all > 0x10FFFF ? 0x10FFFF : all);             \
    if (!squeezed) return NULL;                                                               \
    int kind = PyUnicode_KIND(squeezed);                                                      \
    void *out = PyUnicode_DATA(squeezed);                                                     \
    Py_ssize_t at = 0;                                                                        \
    for (i = 0; i < n;) {                                                                     \
        while (i < n && space_of(s[i])) i++;                                                  \
        if (i == n) break;                                                                    \
        if (at) PyUnicode_WRITE(kind, out, at++, ' ');                                        \
        Py_ssize_t start = i;                                                                 \
        while (i < n && !space_of(s[i])) i++;                                                 \
        if (kind == (int)sizeof(T)) {  /* a word of the same kind: copied whole */            \
            memcpy((T *)out + at, s + start, (size_t)(i - start) * sizeof(T));                \
            at += i - start;                                                                  \
        } else {                                                                              \
            for (Py_ssize_t j = start; j < i; j++) PyUnicode_WRITE(kind, out, at++, s[j]);    \
        }                                                                                     \
    }                                                                                         \
    return squeezed;                                                                          \
}

SQUEEZES(Py_UCS1)
SQUEEZES(Py_UCS2)
SQUEEZES(Py_UCS4)

/* " ".join(text.split()) (a new reference): text itself when that is the same text. */
static PyObject *squeezed(PyObject *text)
{
    if (PyUnicode_READY(text) < 0) return NULL;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return needs_squeeze_Py_UCS1(data, n) ? squeeze_Py_UCS1(data, n) : Py_NewRef(text);
    case PyUnicode_2BYTE_KIND:
        return needs_squeeze_Py_UCS2(data, n) ? squeeze_Py_UCS2(data, n) : Py_NewRef(text);
    default:
        return needs_squeeze_Py_UCS4(data, n) ? squeeze_Py_UCS4(data, n) : Py_NewRef(text);
    }
}

/* f"{heading} {text}" of two non-empty strs (a new str). */
static PyObject *joined(PyObject *heading, PyObject *text)
{
    Py_ssize_t h = PyUnicode_GET_LENGTH(heading), t = PyUnicode_GET_LENGTH(text);
    if (h > PY_SSIZE_T_MAX - 1 - t) return PyErr_NoMemory();
    Py_UCS4 a = PyUnicode_MAX_CHAR_VALUE(heading), b = PyUnicode_MAX_CHAR_VALUE(text);
    PyObject *both = PyUnicode_New(h + 1 + t, a < b ? b : a);
    if (!both) return NULL;
    if (PyUnicode_CopyCharacters(both, 0, heading, 0, h) < 0
            || PyUnicode_CopyCharacters(both, h + 1, text, 0, t) < 0) {
        Py_DECREF(both);
        return NULL;
    }
    PyUnicode_WRITE(PyUnicode_KIND(both), PyUnicode_DATA(both), h, ' ');
    return both;
}

/* normal(heading, text): the text squeezed; with a heading, the heading squeezed, a space and
 * the text, or whichever of the two is not empty. */
static PyObject *normal(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (!arity("normal", nargs, 2)) return NULL;
    PyObject *heading = args[0], *text = args[1];
    if (!PyUnicode_Check(text) || (heading != Py_None && !PyUnicode_Check(heading)))
        return PyErr_Format(PyExc_TypeError, "normal() needs a str or None and a str, not "
                            "%.200s and %.200s", Py_TYPE(heading)->tp_name,
                            Py_TYPE(text)->tp_name);
    PyObject *squeezed_text = squeezed(text);
    if (!squeezed_text || heading == Py_None) return squeezed_text;
    PyObject *squeezed_heading = squeezed(heading), *result;
    if (!squeezed_heading) {
        result = NULL;
    } else if (PyUnicode_GET_LENGTH(squeezed_heading) && PyUnicode_GET_LENGTH(squeezed_text)) {
        result = joined(squeezed_heading, squeezed_text);
    } else {  /* heading or text */
        result = Py_NewRef(PyUnicode_GET_LENGTH(squeezed_heading) ? squeezed_heading
                                                                    : squeezed_text);
    }
    Py_XDECREF(squeezed_heading);
    Py_DECREF(squeezed_text);
    return result;
}

/* ---- the aligner's tree tables ---------------------------------------------------------- */

enum { CHILDREN, KIND, PATH, FIELDS };

/* How a clause's children, kind and path are read: where getattr would read a __slots__ member
 * (see slots_of), the slot is read directly (its value, or AttributeError when it is unset,
 * from getattr), else getattr is called. The type last seen is remembered: Clause. */
typedef struct {
    PyObject *names[FIELDS];   /* borrowed from the module state */
    PyTypeObject *type;        /* the last clause type seen (owned), or NULL */
    int direct;                /* whether its slots are read directly, at offsets */
    Py_ssize_t offsets[FIELDS];
} Fields;

/* Whether getattr on an instance of type reads each field from an object slot: type has the
 * generic getattr, and the attribute it finds first on type's MRO (_PyType_Lookup, as
 * PyObject_GenericGetAttr does; no code runs) is a member descriptor of an object slot, which
 * as a data descriptor comes before an instance's __dict__. Its offsets, if so. */
static int slots_of(PyTypeObject *type, PyObject *const *names, Py_ssize_t *offsets, int count)
{
    if (type->tp_getattro != PyObject_GenericGetAttr) return 0;
    for (int i = 0; i < count; i++) {
        PyObject *slot = _PyType_Lookup(type, names[i]);  /* borrowed */
        if (!slot || !Py_IS_TYPE(slot, &PyMemberDescr_Type)
                || !PyType_IsSubtype(type, PyDescr_TYPE(slot))
                || ((PyMemberDescrObject *)slot)->d_member->type != T_OBJECT_EX
                || ((PyMemberDescrObject *)slot)->d_member->flags & PY_AUDIT_READ)
            return 0;
        offsets[i] = ((PyMemberDescrObject *)slot)->d_member->offset;
    }
    return 1;
}

/* A field's slot, where f->direct says the clause's type has one: its value, or NULL if unset. */
#define SLOT(f, clause, which) (*(PyObject **)((char *)(clause) + (f)->offsets[which]))

/* getattr(clause, names[which]): a new reference, or NULL with the error getattr raises. */
static PyObject *field(Fields *f, PyObject *clause, int which)
{
    PyTypeObject *type = Py_TYPE(clause);
    if (type != f->type) {
        Py_XSETREF(f->type, (PyTypeObject *)Py_NewRef(type));
        f->direct = slots_of(type, f->names, f->offsets, FIELDS);
    }
    if (f->direct) {
        PyObject *value = SLOT(f, clause, which);
        if (value) return Py_NewRef(value);
    }
    return PyObject_GetAttr(clause, f->names[which]);
}

/* One clause of the pre-order list. */
typedef struct {
    PyObject *clause;           /* owned */
    PyObject *kind, *path;      /* owned, read with its children from their slots (one visit
                                   to the clause), or NULL: read later by getattr */
    PyObject *rank;             /* owned: rank_by_kind[clause.kind] */
    long level;                 /* the rank as a C long */
    Py_ssize_t parent, count, last_child, unit, last;  /* count: how many children */
} Node;

typedef struct {
    PyObject *clause;           /* owned */
    Py_ssize_t up;              /* its parent's index */
} Pending;

/* A kind seen, with its rank and (once asked for) its id prefix: kinds are a few enum members,
 * each looked up in the dicts once. */
typedef struct {
    PyObject *kind, *rank, *prefix;   /* owned; prefix NULL until asked for */
    long level;
} Kind;

#define KINDS 16

typedef struct {
    Fields fields;
    Node *nodes;
    Pending *pending;
    Py_ssize_t n, room, waiting, pending_room;
    Kind kinds[KINDS];
    int known;
} Walk;

static void walk_free(Walk *w)
{
    for (Py_ssize_t i = 0; i < w->n; i++) {
        Py_XDECREF(w->nodes[i].clause);
        Py_XDECREF(w->nodes[i].kind);
        Py_XDECREF(w->nodes[i].path);
        Py_XDECREF(w->nodes[i].rank);
    }
    for (Py_ssize_t i = 0; i < w->waiting; i++) Py_DECREF(w->pending[i].clause);
    for (int i = 0; i < w->known; i++) {
        Py_DECREF(w->kinds[i].kind);
        Py_DECREF(w->kinds[i].rank);
        Py_XDECREF(w->kinds[i].prefix);
    }
    Py_CLEAR(w->fields.type);
    PyMem_Free(w->nodes);
    PyMem_Free(w->pending);
}

/* Room for `need` items of `size` bytes at *items (room: how many it holds now): 0, or -1
 * with MemoryError (the items kept as they were). */
static int make_room(void **items, Py_ssize_t *room, Py_ssize_t need, size_t size)
{
    if (need <= *room) return 0;
    Py_ssize_t more = *room < 256 ? 256 : *room;
    Py_ssize_t wanted = need > PY_SSIZE_T_MAX - more ? need : need + more;
    if ((size_t)wanted > PY_SSIZE_T_MAX / size) {
        PyErr_NoMemory();
        return -1;
    }
    void *grown = PyMem_Realloc(*items, (size_t)wanted * size);
    if (!grown) {
        PyErr_NoMemory();
        return -1;
    }
    *items = grown;
    *room = wanted;
    return 0;
}

/* Puts clauses (a tuple or list, or anything false: no clauses) on the stack, last first, so
 * that the first is taken next: what stack.extend(reversed(...)) does after `if clauses:`. */
static int push(Walk *w, PyObject *clauses, Py_ssize_t up)
{
    if (!PyTuple_Check(clauses) && !PyList_Check(clauses)) {
        int truth = PyObject_IsTrue(clauses);
        if (truth > 0)
            PyErr_Format(PyExc_TypeError, "clauses must be in a tuple or list, not %.200s",
                         Py_TYPE(clauses)->tp_name);
        return truth ? -1 : 0;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(clauses);
    if (make_room((void **)&w->pending, &w->pending_room, w->waiting + count, sizeof(Pending)))
        return -1;
    PyObject **items = PySequence_Fast_ITEMS(clauses);
    for (Py_ssize_t j = count - 1; j >= 0; j--) {
        w->pending[w->waiting].clause = Py_NewRef(items[j]);
        w->pending[w->waiting++].up = up;
    }
    return 0;
}

/* The clauses in pre-order, each with its parent and children: an explicit stack, so that no
 * depth of nesting can overflow C's. */
static int walk_tree(Walk *w, PyObject *tops)
{
    if (!PyTuple_Check(tops) && !PyList_Check(tops)) {
        PyErr_Format(PyExc_TypeError, "tops must be a tuple or list, not %.200s",
                     Py_TYPE(tops)->tp_name);
        return -1;
    }
    if (push(w, tops, -1)) return -1;
    while (w->waiting) {
        if (make_room((void **)&w->nodes, &w->room, w->n + 1, sizeof(Node))) return -1;
        Pending next = w->pending[--w->waiting];
        Py_ssize_t i = w->n++;
        w->nodes[i] = (Node){.clause = next.clause, .parent = next.up, .last_child = -1,
                             .unit = -1, .last = i};
        if (next.up >= 0) {
            w->nodes[next.up].count++;
            w->nodes[next.up].last_child = i;
        }
        PyObject *children = field(&w->fields, next.clause, CHILDREN);
        if (w->fields.direct) {
            w->nodes[i].kind = Py_XNewRef(SLOT(&w->fields, next.clause, KIND));
            w->nodes[i].path = Py_XNewRef(SLOT(&w->fields, next.clause, PATH));
        }
        int failed = !children || push(w, children, i);
        Py_XDECREF(children);
        if (failed) return -1;
    }
    return 0;
}

/* The kind or path of clause i (a new reference), or NULL with the error getattr raises. */
static PyObject *node_field(Walk *w, Py_ssize_t i, int which)
{
    PyObject *read = which == KIND ? w->nodes[i].kind : w->nodes[i].path;
    return read ? Py_NewRef(read) : field(&w->fields, w->nodes[i].clause, which);
}

/* The entry of kind, looked up in rank_by_kind if new (a borrowed pointer into the cache, or
 * to `spare`, which the caller then owns, when the cache is full); NULL on error. */
static Kind *kind_of(Walk *w, PyObject *kind, PyObject *rank_by_kind, Kind *spare)
{
    for (int k = 0; k < w->known; k++)
        if (w->kinds[k].kind == kind) return &w->kinds[k];
    PyObject *rank = PyObject_GetItem(rank_by_kind, kind);
    if (!rank) return NULL;
    int overflow = 0;
    long level = PyLong_Check(rank) ? PyLong_AsLongAndOverflow(rank, &overflow) : -1;
    if (!PyLong_Check(rank) || overflow || (level == -1 && PyErr_Occurred())) {
        if (!PyErr_Occurred())
            PyErr_Format(overflow ? PyExc_OverflowError : PyExc_TypeError,
                         "a rank must be an int of a C long, not %.200s", Py_TYPE(rank)->tp_name);
        Py_DECREF(rank);
        return NULL;
    }
    Kind *entry = w->known < KINDS ? &w->kinds[w->known++] : spare;
    *entry = (Kind){Py_NewRef(kind), rank, NULL, level};
    return entry;
}

static void kind_free(Kind *kind)
{
    Py_DECREF(kind->kind);
    Py_DECREF(kind->rank);
    Py_XDECREF(kind->prefix);
}

/* Each clause's rank: rank_by_kind[clause.kind]. */
static int rank_tree(Walk *w, PyObject *rank_by_kind)
{
    for (Py_ssize_t i = 0; i < w->n; i++) {
        Kind spare, *entry;
        PyObject *kind = node_field(w, i, KIND);
        if (!kind || !(entry = kind_of(w, kind, rank_by_kind, &spare))) {
            Py_XDECREF(kind);
            return -1;
        }
        Py_DECREF(kind);
        w->nodes[i].rank = Py_NewRef(entry->rank);
        w->nodes[i].level = entry->level;
        if (entry == &spare) kind_free(&spare);
    }
    return 0;
}

/* Each clause's unit (a paragraph's section, a section's or a container's container, -1 if
 * none: from its parent up the units while of its rank or more, a rank 0 its parent) and last
 * (the last clause of its subtree): py_tree_tables' loops. */
static void place_tree(Walk *w)
{
    Node *nodes = w->nodes;
    for (Py_ssize_t i = 0; i < w->n; i++) {  /* parents come before their children */
        Py_ssize_t up = nodes[i].parent;
        long level = nodes[i].level;
        while (up >= 0 && level && nodes[up].level >= level) up = nodes[up].unit;
        nodes[i].unit = up;
    }
    for (Py_ssize_t i = w->n - 1; i >= 0; i--)  /* children come after their parents */
        if (nodes[i].last_child >= 0) nodes[i].last = nodes[nodes[i].last_child].last;
}

/* Clause i's id: "/".join(clause.path), after prefix_by_kind[clause.kind] for a rank 0. */
static PyObject *id_of(Walk *w, Py_ssize_t i, PyObject *slash, PyObject *prefix_by_kind)
{
    PyObject *prefix = NULL, *path, *id = NULL;
    long level = w->nodes[i].level;
    if (!level) {
        PyObject *kind = node_field(w, i, KIND);
        if (!kind) return NULL;
        Kind *entry = NULL;
        for (int k = 0; k < w->known && !entry; k++)
            if (w->kinds[k].kind == kind) entry = &w->kinds[k];
        if (entry && entry->prefix) {
            prefix = Py_NewRef(entry->prefix);
        } else if ((prefix = PyObject_GetItem(prefix_by_kind, kind)) && entry) {
            entry->prefix = Py_NewRef(prefix);
        }
        Py_DECREF(kind);
        if (!prefix) return NULL;
    }
    if ((path = node_field(w, i, PATH))) {
        PyObject *joined = PyUnicode_Join(slash, path);
        id = !joined || level ? joined : PyNumber_Add(prefix, joined);
        if (joined && !level) Py_DECREF(joined);
        Py_DECREF(path);
    }
    Py_XDECREF(prefix);
    return id;
}

/* A list of n index ints, each the field at `offset` of a node (an index, or -1), sharing
 * index[i] for i. */
static PyObject *index_list(const Walk *w, PyObject *const *index, PyObject *minus_one,
                            size_t offset)
{
    PyObject *list = PyList_New(w->n);
    for (Py_ssize_t i = 0; list && i < w->n; i++) {
        Py_ssize_t at = *(const Py_ssize_t *)((const char *)&w->nodes[i] + offset);
        PyList_SET_ITEM(list, i, Py_NewRef(at < 0 ? minus_one : index[at]));
    }
    return list;
}

/* Each clause's children's indices, a list per clause (filled from the last clause back). */
static PyObject *children_lists(Walk *w, PyObject *const *index)
{
    PyObject *lists = PyList_New(w->n);
    for (Py_ssize_t i = 0; lists && i < w->n; i++) {
        PyObject *list = PyList_New(w->nodes[i].count);
        if (!list) Py_CLEAR(lists);
        else PyList_SET_ITEM(lists, i, list);
    }
    for (Py_ssize_t i = w->n - 1; lists && i >= 0; i--) {
        Py_ssize_t up = w->nodes[i].parent;
        if (up >= 0)
            PyList_SET_ITEM(PyList_GET_ITEM(lists, up), --w->nodes[up].count,
                            Py_NewRef(index[i]));
    }
    return lists;
}

/* A list of the nodes' clauses or ranks, their references moved into it. */
static PyObject *moved_list(Walk *w, int ranks)
{
    PyObject *list = PyList_New(w->n);
    for (Py_ssize_t i = 0; list && i < w->n; i++) {
        PyObject **from = ranks ? &w->nodes[i].rank : &w->nodes[i].clause;
        PyList_SET_ITEM(list, i, *from);
        *from = NULL;
    }
    return list;
}

/* The seven tables of a walked, ranked and placed tree; NULL on error. */
static PyObject *tables(Walk *w, PyObject *slash, PyObject *prefix_by_kind)
{
    PyObject *ids = PyList_New(w->n), *result = NULL, *minus_one = PyLong_FromLong(-1);
    PyObject **index = PyMem_New(PyObject *, w->n ? w->n : 1);
    Py_ssize_t made = 0;
    if (!index) PyErr_NoMemory();
    if (!ids || !minus_one || !index) goto done;
    for (Py_ssize_t i = 0; i < w->n; i++) {
        PyObject *id = id_of(w, i, slash, prefix_by_kind);
        if (!id) goto done;
        PyList_SET_ITEM(ids, i, id);
    }
    for (; made < w->n; made++)
        if (!(index[made] = PyLong_FromSsize_t(made))) goto done;
    PyObject *parent = index_list(w, index, minus_one, offsetof(Node, parent));
    PyObject *children = parent ? children_lists(w, index) : NULL;
    PyObject *unit = children ? index_list(w, index, minus_one, offsetof(Node, unit)) : NULL;
    PyObject *last = unit ? index_list(w, index, minus_one, offsetof(Node, last)) : NULL;
    if (last) {  /* the clauses and ranks last: no error after they leave the nodes */
        PyObject *clauses = moved_list(w, 0), *ranks = clauses ? moved_list(w, 1) : NULL;
        if (ranks) result = PyTuple_Pack(7, clauses, parent, children, ranks, unit, last, ids);
        Py_XDECREF(clauses);
        Py_XDECREF(ranks);
    }
    Py_XDECREF(parent);
    Py_XDECREF(children);
    Py_XDECREF(unit);
    Py_XDECREF(last);
done:
    for (Py_ssize_t i = 0; i < made; i++) Py_DECREF(index[i]);
    PyMem_Free(index);
    Py_XDECREF(minus_one);
    Py_XDECREF(ids);
    return result;
}

/* tree_tables(tops, rank_by_kind, prefix_by_kind): Side.of's tables of a clause tree. */
static PyObject *tree_tables(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity("tree_tables", nargs, 3)) return NULL;
    State *state = PyModule_GetState(module);
    Walk w = {.fields = {.names = {state->children, state->kind, state->path}}};
    PyObject *result = NULL;
    if (!walk_tree(&w, args[0]) && !rank_tree(&w, args[1])) {
        place_tree(&w);
        result = tables(&w, state->slash, args[2]);
    }
    walk_free(&w);
    return result;
}

/* ---- compare's record of an unchanged clause -------------------------------------------- */

/* ClauseChange's fields, in the order of its slots' values in unchanged(). */
static const char *const CHANGE_FIELDS[CHANGE_SLOTS] = {
    "kind", "old", "new", "heading", "text", "amended", "similarity"};

/* Whether a record type is laid out as ClauseChange.of fills one: the generic allocation, an
 * object header and exactly these seven object slots, each a member descriptor of the type
 * itself (no __dict__, no __weakref__, no base but object). Their offsets, if so. A type's
 * layout never changes once made, whatever is later set on it. */
static int record_layout(PyTypeObject *type, Py_ssize_t *offsets)
{
    Py_ssize_t size = (Py_ssize_t)(sizeof(PyObject) + CHANGE_SLOTS * sizeof(PyObject *));
    if (type->tp_alloc != PyType_GenericAlloc || type->tp_base != &PyBaseObject_Type
            || type->tp_basicsize != size || type->tp_itemsize || type->tp_dictoffset
            || type->tp_weaklistoffset || !type->tp_dict)
        return 0;
    unsigned seen = 0;  /* which pointer-sized places after the header are taken */
    for (int i = 0; i < CHANGE_SLOTS; i++) {
        PyObject *slot = PyDict_GetItemString(type->tp_dict, CHANGE_FIELDS[i]);  /* borrowed */
        if (!slot || !Py_IS_TYPE(slot, &PyMemberDescr_Type) || PyDescr_TYPE(slot) != type
                || ((PyMemberDescrObject *)slot)->d_member->type != T_OBJECT_EX)
            return 0;
        Py_ssize_t at = ((PyMemberDescrObject *)slot)->d_member->offset;
        Py_ssize_t place = (at - (Py_ssize_t)sizeof(PyObject)) / (Py_ssize_t)sizeof(PyObject *);
        if (at < (Py_ssize_t)sizeof(PyObject) || at >= size || (at - (Py_ssize_t)sizeof(PyObject))
                % (Py_ssize_t)sizeof(PyObject *) || seen & (1u << place))
            return 0;
        seen |= 1u << place;
        offsets[i] = at;
    }
    return 1;
}

/* Whether a span type is a tuple subclass made as tuple.__new__ makes one (tp_alloc with the
 * items after a tuple's header): no slots, __dict__ or __weakref__ of its own. */
static int span_layout(PyTypeObject *type)
{
    return PyType_IsSubtype(type, &PyTuple_Type) && type->tp_alloc == PyType_GenericAlloc
           && type->tp_basicsize == PyTuple_Type.tp_basicsize
           && type->tp_itemsize == PyTuple_Type.tp_itemsize && !type->tp_dictoffset
           && !type->tp_weaklistoffset;
}

/* configure_unchanged(ClauseChange, Span, Op.EQUAL, ChangeKind.UNCHANGED): what unchanged()
 * builds; TypeError (and nothing kept) if the types are not laid out as it expects. */
static PyObject *configure_unchanged(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity("configure_unchanged", nargs, 4)) return NULL;
    Py_ssize_t offsets[CHANGE_SLOTS];
    if (!PyType_Check(args[0]) || !PyType_Check(args[1])
            || !record_layout((PyTypeObject *)args[0], offsets)
            || !span_layout((PyTypeObject *)args[1])) {
        PyErr_SetString(PyExc_TypeError, "the record or span type is not laid out as "
                        "ordiff._wordsets.unchanged expects (the Python version is used)");
        return NULL;
    }
    PyObject *one = PyFloat_FromDouble(1.0);
    if (!one) return NULL;
    State *state = PyModule_GetState(module);
    Py_XSETREF(state->change_type, (PyTypeObject *)Py_NewRef(args[0]));
    Py_XSETREF(state->span_type, (PyTypeObject *)Py_NewRef(args[1]));
    Py_XSETREF(state->equal, Py_NewRef(args[2]));
    Py_XSETREF(state->unchanged, Py_NewRef(args[3]));
    Py_XSETREF(state->one, one);
    memcpy(state->change_offsets, offsets, sizeof offsets);
    PyObject *op = _PyType_Lookup(state->span_type, state->op);  /* borrowed */
    Py_XSETREF(state->span_op, Py_XNewRef(op));
    state->change_version = state->span_version = 0;
    Py_RETURN_NONE;
}

/* clause.heading or clause.text (a new reference, or NULL with getattr's error): from its slot
 * where getattr would read just that slot (slots_of, checked again whenever the clause type,
 * or anything set on it since, differs from the last one's: its version tag changes then). */
static PyObject *own_field(State *state, PyObject *clause, int which)
{
    PyTypeObject *type = Py_TYPE(clause);
    if (type != state->clause_type || !(type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG)
            || type->tp_version_tag != state->clause_version) {
        state->clause_direct = slots_of(type, state->own, state->clause_offsets, OWN);
        Py_XSETREF(state->clause_type, (PyTypeObject *)Py_NewRef(type));
        state->clause_version = type->tp_version_tag;  /* (given by _PyType_Lookup) */
        if (!(type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG)) state->clause_direct = 0;
    }
    if (state->clause_direct) {
        PyObject *value = *(PyObject **)((char *)clause + state->clause_offsets[which]);
        if (value) return Py_NewRef(value);
    }
    return PyObject_GetAttr(clause, state->own[which]);
}

/* (Span(Op.EQUAL, words),) if words else (): a new reference, or NULL. */
static PyObject *equal_spans(State *state, PyObject *words)
{
    int truth = PyUnicode_CheckExact(words) ? PyUnicode_GET_LENGTH(words) != 0
                : words == Py_None ? 0 : PyObject_IsTrue(words);
    if (truth <= 0) return truth ? NULL : PyTuple_New(0);
    PyObject *span = state->span_type->tp_alloc(state->span_type, 3), *spans;
    if (!span) return NULL;
    PyTuple_SET_ITEM(span, 0, Py_NewRef(state->equal));
    PyTuple_SET_ITEM(span, 1, Py_NewRef(words));
    PyTuple_SET_ITEM(span, 2, Py_NewRef(Py_False));
    if (!(spans = PyTuple_New(1))) {
        Py_DECREF(span);
        return NULL;
    }
    PyTuple_SET_ITEM(spans, 0, span);
    return spans;
}

/* The equal spans of clause.heading or clause.text (a new reference, or NULL). */
static PyObject *own_spans(State *state, PyObject *clause, int which)
{
    PyObject *words = own_field(state, clause, which);
    if (!words) return NULL;
    PyObject *spans = equal_spans(state, words);
    Py_DECREF(words);
    return spans;
}

/* unchanged(clause): ClauseChange.of(ChangeKind.UNCHANGED, clause, clause, heading, text,
 * False, 1.0), the heading and text each one equal span, or none if empty (compare's
 * _unchanged, the Python version in ordiff/wordsets.py). */
static PyObject *unchanged(PyObject *module, PyObject *clause)
{
    State *state = PyModule_GetState(module);
    if (!state->change_type) {
        PyErr_SetString(PyExc_RuntimeError, "unchanged() before configure_unchanged()");
        return NULL;
    }
    PyObject *heading = own_spans(state, clause, HEADING);
    PyObject *text = heading ? own_spans(state, clause, TEXT) : NULL;
    PyObject *change = text ? state->change_type->tp_alloc(state->change_type, 0) : NULL;
    if (!change) {
        Py_XDECREF(heading);
        Py_XDECREF(text);
        return NULL;
    }
    PyObject *values[CHANGE_SLOTS] = {Py_NewRef(state->unchanged), Py_NewRef(clause),
                                      Py_NewRef(clause), heading, text, Py_NewRef(Py_False),
                                      Py_NewRef(state->one)};
    for (int i = 0; i < CHANGE_SLOTS; i++)
        *(PyObject **)((char *)change + state->change_offsets[i]) = values[i];
    return change;
}

/* ---- the JSON writer's line of an unchanged record -------------------------------------- */

/* A line's text around its path (the same on both sides): serialize's general record. */
static const char LINE_HEAD[] = "{\"kind\": \"unchanged\", \"old_path\": ";
static const char LINE_MIDDLE[] = ", \"new_path\": ";
static const char LINE_TAIL[] = ", \"amended\": false, \"similarity\": 1.0}";
#define CONST_LENGTH(s) ((Py_ssize_t)sizeof(s) - 1)

/* What json's encode_basestring writes for each character below 128 (CPython's escape_unicode
 * in Modules/_json.c): 0 for itself, else its short escape's letter, or 'u' for \u00XX with
 * lower-case hex digits (every other control character). Everything from 128 on is kept. */
static const char JSON_ESCAPES[128] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    ['"'] = '"', ['\\'] = '\\'};

static inline Py_ssize_t escaped_width(Py_UCS4 ch)
{
    return ch >= 128 || !JSON_ESCAPES[ch] ? 1 : JSON_ESCAPES[ch] == 'u' ? 6 : 2;
}

/* The length of encode_basestring(text): its characters escaped, in quotes. */
static Py_ssize_t quoted_length(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = 2, n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) length += escaped_width(PyUnicode_READ(kind, data, i));
    return length;
}

/* Writes ASCII text at out[at:], returning where it ends. */
static Py_ssize_t write_ascii(int kind, void *out, Py_ssize_t at, const char *text,
                              Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) PyUnicode_WRITE(kind, out, at++, (Py_UCS4)text[i]);
    return at;
}

/* Writes encode_basestring(text) at out[at:], returning where it ends. */
static Py_ssize_t write_quoted(int kind, void *out, Py_ssize_t at, PyObject *text)
{
    static const char hex[] = "0123456789abcdef";
    int from = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyUnicode_WRITE(kind, out, at++, '"');
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(from, data, i);
        char escape = ch < 128 ? JSON_ESCAPES[ch] : 0;
        if (!escape) {
            PyUnicode_WRITE(kind, out, at++, ch);
        } else if (escape != 'u') {
            PyUnicode_WRITE(kind, out, at++, '\\');
            PyUnicode_WRITE(kind, out, at++, (Py_UCS4)escape);
        } else {
            char code[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
            at = write_ascii(kind, out, at, code, 6);
        }
    }
    PyUnicode_WRITE(kind, out, at++, '"');
    return at;
}

/* Writes "[" + ", ".join(map(encode_basestring, path)) + "]" at out[at:]. */
static Py_ssize_t write_path(int kind, void *out, Py_ssize_t at, PyObject *path)
{
    PyUnicode_WRITE(kind, out, at++, '[');
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(path); i++) {
        if (i) at = write_ascii(kind, out, at, ", ", 2);
        at = write_quoted(kind, out, at, PyTuple_GET_ITEM(path, i));
    }
    PyUnicode_WRITE(kind, out, at++, ']');
    return at;
}

/* The record's line for a path (a tuple of exact strs: else None, written the general way). */
static PyObject *path_line(PyObject *path)
{
    if (!PyTuple_CheckExact(path)) Py_RETURN_NONE;
    Py_ssize_t n = PyTuple_GET_SIZE(path), length = n ? 2 + 2 * (n - 1) : 2;
    Py_UCS4 widest = 127;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(path, i);
        if (!PyUnicode_CheckExact(item)) Py_RETURN_NONE;
        Py_ssize_t more = quoted_length(item);
        if (length > PY_SSIZE_T_MAX / 4 - more) return PyErr_NoMemory();
        length += more;
        if (PyUnicode_MAX_CHAR_VALUE(item) > widest) widest = PyUnicode_MAX_CHAR_VALUE(item);
    }
    PyObject *line = PyUnicode_New(CONST_LENGTH(LINE_HEAD) + 2 * length
                                   + CONST_LENGTH(LINE_MIDDLE) + CONST_LENGTH(LINE_TAIL), widest);
    if (!line) return NULL;
    int kind = PyUnicode_KIND(line);
    void *out = PyUnicode_DATA(line);
    Py_ssize_t at = write_ascii(kind, out, 0, LINE_HEAD, CONST_LENGTH(LINE_HEAD));
    at = write_path(kind, out, at, path);
    at = write_ascii(kind, out, at, LINE_MIDDLE, CONST_LENGTH(LINE_MIDDLE));
    at = write_path(kind, out, at, path);
    write_ascii(kind, out, at, LINE_TAIL, CONST_LENGTH(LINE_TAIL));
    return line;
}

/* Whether a record's spans are none or one equal span (a Span, as configured). */
static int plainly_equal(State *state, PyObject *spans)
{
    if (!PyTuple_CheckExact(spans)) return 0;
    if (!PyTuple_GET_SIZE(spans)) return 1;
    PyObject *span = PyTuple_GET_ITEM(spans, 0);
    return PyTuple_GET_SIZE(spans) == 1 && Py_IS_TYPE(span, state->span_type)
           && PyTuple_GET_SIZE(span) >= 1 && PyTuple_GET_ITEM(span, 0) == state->equal;
}

/* Whether a type's attributes are as when last checked (its version tag, 0: never). */
static int type_kept(PyTypeObject *type, unsigned int version)
{
    return version && (type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG)
           && type->tp_version_tag == version;
}

/* Whether getattr reads a record's fields from their slots and a span's op is what it was at
 * configure_unchanged(): checked again (_PyType_Lookup: no code runs) whenever either type's
 * attributes changed since the last check. */
static int types_kept(State *state)
{
    PyTypeObject *change = state->change_type, *span = state->span_type;
    if (type_kept(change, state->change_version) && type_kept(span, state->span_version))
        return 1;
    if (change->tp_getattro != PyObject_GenericGetAttr
            || span->tp_getattro != PyObject_GenericGetAttr || !state->span_op
            || _PyType_Lookup(span, state->op) != state->span_op)
        return 0;
    for (int i = 0; i < CHANGE_SLOTS; i++) {
        PyObject *name = PyUnicode_InternFromString(CHANGE_FIELDS[i]);
        PyObject *slot = name ? _PyType_Lookup(change, name) : NULL;  /* borrowed */
        Py_XDECREF(name);
        if (!name) {
            PyErr_Clear();
            return 0;
        }
        if (!slot || !Py_IS_TYPE(slot, &PyMemberDescr_Type) || PyDescr_TYPE(slot) != change
                || ((PyMemberDescrObject *)slot)->d_member->offset != state->change_offsets[i])
            return 0;
    }
    int valid = (change->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG)
                && (span->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG);
    state->change_version = valid ? change->tp_version_tag : 0;
    state->span_version = valid ? span->tp_version_tag : 0;
    return 1;
}

/* The line of one record, None where the shortcut does not apply, NULL on error. */
static PyObject *record_line(State *state, PyObject *change)
{
    if (!Py_IS_TYPE(change, state->change_type)) Py_RETURN_NONE;
#define CHANGE_FIELD(i) (*(PyObject **)((char *)change + state->change_offsets[i]))
    PyObject *kind = CHANGE_FIELD(0), *old = CHANGE_FIELD(1), *new = CHANGE_FIELD(2);
    PyObject *heading = CHANGE_FIELD(3), *text = CHANGE_FIELD(4), *similarity = CHANGE_FIELD(6);
#undef CHANGE_FIELD
    if (kind != state->unchanged || !old || old != new || old == Py_None || !heading || !text
            || !similarity || !PyFloat_CheckExact(similarity)
            || PyFloat_AS_DOUBLE(similarity) != 1.0 || !plainly_equal(state, heading)
            || !plainly_equal(state, text))
        Py_RETURN_NONE;
    Py_INCREF(old);  /* (a path property may drop the record's clause) */
    PyObject *path = own_field(state, old, OWN_PATH), *line = path ? path_line(path) : NULL;
    Py_XDECREF(path);
    Py_DECREF(old);
    return line;
}

/* unchanged_lines(changes): for each record (a tuple or list of them) the JSON writer's line if
 * it is an unchanged clause's plain record, else None (the Python version in
 * ordiff/wordsets.py). */
static PyObject *unchanged_lines(PyObject *module, PyObject *changes)
{
    State *state = PyModule_GetState(module);
    if (!state->change_type) {
        PyErr_SetString(PyExc_RuntimeError, "unchanged_lines() before configure_unchanged()");
        return NULL;
    }
    if (!PyTuple_Check(changes) && !PyList_Check(changes))
        return PyErr_Format(PyExc_TypeError, "changes must be a tuple or list, not %.200s",
                            Py_TYPE(changes)->tp_name);
    Py_ssize_t n = PySequence_Fast_GET_SIZE(changes);
    PyObject *lines = PyList_New(n);
    if (!lines) return NULL;
    int kept = types_kept(state);
    Py_INCREF(changes);  /* (a list may change under a property's code) */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *line = kept && i < PySequence_Fast_GET_SIZE(changes)
            ? record_line(state, PySequence_Fast_ITEMS(changes)[i]) : Py_NewRef(Py_None);
        if (!line) {
            Py_CLEAR(lines);
            break;
        }
        PyList_SET_ITEM(lines, i, line);
    }
    Py_DECREF(changes);
    return lines;
}

/* ---- the module ------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"tokens", tokens, METH_O, "re.findall(r'\\w+', text.lower())"},
    {"count_marks", count_marks, METH_O, "len(re.findall(r'\\w+|[^\\w\\s]', text))"},
    {"shared", (PyCFunction)(void (*)(void))shared, METH_FASTCALL,
     "sum(min(a[k], b[k]) for k in a.keys() & b.keys())"},
    {"common", (PyCFunction)(void (*)(void))common, METH_FASTCALL, "len(a.keys() & b.keys())"},
    {"inside", (PyCFunction)(void (*)(void))inside, METH_FASTCALL,
     "Whether part (size words) is at least share contained in whole."},
    {"bounded", (PyCFunction)(void (*)(void))bounded, METH_FASTCALL,
     "The candidates passing the rank, size and Dice-bound filters, in order."},
    {"postings", (PyCFunction)(void (*)(void))postings, METH_FASTCALL,
     "Each word of words[n] for n in indices, first-seen first, with the ns it is in."},
    {"pieces", (PyCFunction)(void (*)(void))pieces, METH_FASTCALL,
     "The members among the first limit that may be pieces of the whole, in order."},
    {"normal", (PyCFunction)(void (*)(void))normal, METH_FASTCALL,
     "A clause's heading and text with whitespace runs as single spaces."},
    {"tree_tables", (PyCFunction)(void (*)(void))tree_tables, METH_FASTCALL,
     "A clause tree's pre-order clauses, parents, children, ranks, units, lasts and ids."},
    {"configure_unchanged", (PyCFunction)(void (*)(void))configure_unchanged, METH_FASTCALL,
     "Sets the record and span types and values unchanged() builds."},
    {"unchanged", unchanged, METH_O, "An unchanged clause's record (compare._unchanged)."},
    {"unchanged_lines", unchanged_lines, METH_O,
     "Each record's JSON line if it is an unchanged clause's plain record, else None."},
    {NULL, NULL, 0, NULL}};

static int exec_module(PyObject *module)
{
    for (Py_UCS4 ch = 0; ch < 256; ch++)
        if (LATIN1_SPACES[ch] != (ch == ' ' ? 2 : Py_UNICODE_ISSPACE(ch) != 0)) {
            PyErr_SetString(PyExc_ImportError, "this Python's whitespace is not the one "
                            "ordiff._wordsets knows (the Python versions are used)");
            return -1;
        }
    State *state = PyModule_GetState(module);
    return (state->lower = PyUnicode_InternFromString("lower"))
           && (state->children = PyUnicode_InternFromString("children"))
           && (state->kind = PyUnicode_InternFromString("kind"))
           && (state->path = PyUnicode_InternFromString("path"))
           && (state->slash = PyUnicode_InternFromString("/"))
           && (state->own[HEADING] = PyUnicode_InternFromString("heading"))
           && (state->own[TEXT] = PyUnicode_InternFromString("text"))
           && (state->own[OWN_PATH] = Py_NewRef(state->path))
           && (state->op = PyUnicode_InternFromString("op")) ? 0 : -1;
}

static int traverse(PyObject *module, visitproc visit, void *arg)
{
    State *state = PyModule_GetState(module);
    Py_VISIT(state->lower);
    Py_VISIT(state->children);
    Py_VISIT(state->kind);
    Py_VISIT(state->path);
    Py_VISIT(state->slash);
    Py_VISIT(state->own[HEADING]);
    Py_VISIT(state->own[TEXT]);
    Py_VISIT(state->own[OWN_PATH]);
    Py_VISIT(state->op);
    Py_VISIT(state->span_op);
    Py_VISIT(state->change_type);
    Py_VISIT(state->span_type);
    Py_VISIT(state->equal);
    Py_VISIT(state->unchanged);
    Py_VISIT(state->one);
    Py_VISIT(state->clause_type);
    return 0;
}

static int clear(PyObject *module)
{
    State *state = PyModule_GetState(module);
    Py_CLEAR(state->lower);
    Py_CLEAR(state->children);
    Py_CLEAR(state->kind);
    Py_CLEAR(state->path);
    Py_CLEAR(state->slash);
    Py_CLEAR(state->own[HEADING]);
    Py_CLEAR(state->own[TEXT]);
    Py_CLEAR(state->own[OWN_PATH]);
    Py_CLEAR(state->op);
    Py_CLEAR(state->span_op);
    Py_CLEAR(state->change_type);
    Py_CLEAR(state->span_type);
    Py_CLEAR(state->equal);
    Py_CLEAR(state->unchanged);
    Py_CLEAR(state->one);
    Py_CLEAR(state->clause_type);
    return 0;
}

static void free_module(void *module) { clear((PyObject *)module); }

static PyModuleDef_Slot slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._wordsets",
    "The aligner's primitives in C (see ordiff/wordsets.py).", sizeof(State),
    methods, slots, traverse, clear, free_module};

PyMODINIT_FUNC PyInit__wordsets(void) { return PyModuleDef_Init(&module_def); }
