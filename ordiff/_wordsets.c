/* The aligner's word-multiset primitives in C: the same results as the pure-Python versions in
 * ordiff/wordsets.py, which is the only module that loads this one (and says what each does).
 *
 * Exactness, not approximation, is the contract: the whole-code comparison must not change by a
 * byte whichever version runs. So
 *   - a word is a run of characters that Python's re calls \w in a str pattern, which sre
 *     defines as Py_UNICODE_ISALNUM(ch) || ch == '_' (SRE_UNI_IS_WORD), and \s is
 *     Py_UNICODE_ISSPACE (SRE_UNI_IS_SPACE); text is lower-cased by the str's own lower(), so
 *     a character whose lower case is longer ('İ' -> 'i̇') gives what Python gives;
 *   - floating point is done operation by operation in the order Python does it, each result
 *     rounded to a double (no fused multiply-add: see inside()), and an int is compared with a
 *     float only where both are exact doubles (word counts are refused beyond 2**53);
 *   - counts are Python ints: summed in C while they fit a long long, else as Python ints;
 *   - a shortcut is taken only where it cannot change an answer: bounded() counts common
 *     words only as far as its yes or no needs (see bound_passes()).
 * No global state: the one interned name ("lower") lives in the module's state.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <limits.h>

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "double expressions must be evaluated in double, as Python's floats are (no x87 excess)"
#endif

#define EXACT (1LL << 53)   /* every int up to this magnitude is exactly a double */

typedef struct {
    PyObject *lower;        /* "lower", interned */
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

/* inside(part, whole, size, share): align_split._inside with CONTAINMENT as share. */
static PyObject *inside(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    long long size;
    double share;
    Overlap o;
    if (!arity("inside", nargs, 4) || !is_dict(args[0], "part") || !is_dict(args[1], "whole")
            || !word_count(args[2], "size", &size) || !as_double(args[3], &share)
            || overlap(args[0], args[1], 1, &o) < 0)
        return NULL;
    /* len(part) - len(common) + share * size > size + 1e-9, one rounding per operation: the
     * product goes through a volatile so that no compiler fuses it with the sum (an FMA
     * rounds once, Python twice). */
    volatile double product = share * (double)size;
    if ((double)(PyDict_GET_SIZE(args[0]) - o.keys) + product > (double)size + 1e-9) {
        Py_CLEAR(o.big);
        Py_RETURN_FALSE;
    }
    double ratio;
    if (!o.big && size && o.small <= EXACT && o.small >= -EXACT) {
        ratio = (double)o.small / (double)size;  /* what int / int does with exact doubles */
    } else {  /* a sum beyond 2**53 (int / int rounds it correctly), or ZeroDivisionError */
        PyObject *sum = overlap_sum(&o);
        PyObject *quotient = sum ? PyNumber_TrueDivide(sum, args[2]) : NULL;
        Py_XDECREF(sum);
        if (!quotient) return NULL;
        ratio = PyFloat_AsDouble(quotient);
        Py_DECREF(quotient);
        if (ratio == -1.0 && PyErr_Occurred()) return NULL;
    }
    return PyBool_FromLong(ratio >= share);
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
        if (!PyIndex_Check(n)) {
            PyErr_Format(PyExc_TypeError, "list indices must be integers or slices, not %.200s",
                         Py_TYPE(n)->tp_name);
            Py_DECREF(n);
            goto error;
        }
        Py_ssize_t at = PyNumber_AsSsize_t(n, PyExc_IndexError);
        int pass = at == -1 && PyErr_Occurred() ? -1 : passes(&f, at, args[6]);
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
    {NULL, NULL, 0, NULL}};

static int exec_module(PyObject *module)
{
    State *state = PyModule_GetState(module);
    state->lower = PyUnicode_InternFromString("lower");
    return state->lower ? 0 : -1;
}

static int traverse(PyObject *module, visitproc visit, void *arg)
{
    State *state = PyModule_GetState(module);
    Py_VISIT(state->lower);
    return 0;
}

static int clear(PyObject *module)
{
    State *state = PyModule_GetState(module);
    Py_CLEAR(state->lower);
    return 0;
}

static void free_module(void *module) { clear((PyObject *)module); }

static PyModuleDef_Slot slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._wordsets",
    "The aligner's word-multiset primitives in C (see ordiff/wordsets.py).", sizeof(State),
    methods, slots, traverse, clear, free_module};

PyMODINIT_FUNC PyInit__wordsets(void) { return PyModuleDef_Init(&module_def); }
