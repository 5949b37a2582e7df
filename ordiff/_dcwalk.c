/* The hot part of reading D.C. Code XML, in C: one <section> and all below it, read from
 * libxml2's tree directly (no lxml proxy object per element, no Python string per tag, text and
 * tail), giving the very clauses ordiff/dcxml_walk.py gives.
 *
 * It reads an already parsed tree and changes nothing. It handles the common shapes (num,
 * prefix, heading, text, paragraphs, reasons, subheadings, annotations and codification
 * notes, inline markup, loose text after paragraphs) and gives up on anything else by
 * returning None, so that the Python walk reads that section from the start: anything that
 * would warn (stray text, an unknown element, an empty num, a repeated clause path, an unknown
 * <reason>), a dc <include>, an xi:include, a section or container inside a section, a
 * comment, a processing instruction, CDATA, an attribute value of several nodes, a line number
 * libxml2 does not keep in the node (65,535 and above). Giving up costs only time. Clauses are
 * made as Clause.of makes them.
 *
 * Rules mirrored (see dcxml_walk.read_clause, _body and dcxml_text.flat): a text is its
 * elements' text in document order, inline elements joined in place, any other element a line
 * break, annotations and codify:* inside it taken out as notes; each line squeezed (XML layout
 * whitespace, space, tab, CR, LF, as one space, ends trimmed), empty lines dropped.
 */
#define PY_SSIZE_T_CLEAN
#ifndef _GNU_SOURCE
#define _GNU_SOURCE        /* memmem (glibc; musl, macOS and the BSDs have it too) */
#endif
#include <Python.h>
#include <structmember.h>   /* T_OBJECT_EX: how a __slots__ field is stored */
#include <string.h>
#include <libxml/tree.h>
#include "lxml.etree.h"   /* struct LxmlElement: the lxml proxy and its _c_node */

#define DC "https://code.dccouncil.us/schemas/dc-library"
#define CODIFY "https://code.dccouncil.us/schemas/codify"
#define XINCLUDE "http://www.w3.org/2001/XInclude"
#define MAX_DEPTH 512      /* bounds the C recursion: a tree built in Python has no depth limit */
#define BIG_LINE 65535     /* libxml2 keeps lines up to 65,534 in the node; more: elsewhere */

enum { T_OTHER, T_NUM, T_HEADING, T_PREFIX, T_TEXT, T_PARA, T_SECTION, T_CONTAINER, T_INCLUDE,
       T_ANNOTATIONS, T_ANNOTATION, T_SUBHEADING, T_REASON, T_AFTERTEXT, T_INLINE, T_CODIFY,
       T_XINCLUDE };

static const struct { const char *name; int kind; } DC_TAGS[] = {  /* most frequent first */
    {"annotation", T_ANNOTATION}, {"text", T_TEXT}, {"num", T_NUM}, {"para", T_PARA},
    {"cite", T_INLINE}, {"heading", T_HEADING}, {"section", T_SECTION},
    {"annotations", T_ANNOTATIONS}, {"reason", T_REASON}, {"prefix", T_PREFIX},
    {"aftertext", T_AFTERTEXT}, {"subheading", T_SUBHEADING}, {"container", T_CONTAINER},
    {"include", T_INCLUDE}, {"Cite", T_INLINE}, {"em", T_INLINE}, {"strong", T_INLINE},
    {"u", T_INLINE}, {"b", T_INLINE}, {"i", T_INLINE}, {"s", T_INLINE}, {"span", T_INLINE},
    {"sup", T_INLINE}, {"sub", T_INLINE}, {"e", T_INLINE}, {"underline", T_INLINE},
    {"a", T_INLINE}};

/* Clause's fields in the order make() takes them; configure() checks the class has exactly these
 * (a field added to the model would otherwise be left unset). */
static const char *const FIELDS[] = {"kind", "label", "path", "marker", "heading", "text",
                                     "notes", "children", "line", "printed", "status"};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

/* What configure() was given by dcxml_walk: the clause class, and the constants. */
static struct {
    PyTypeObject *clause_type;
    Py_ssize_t offsets[NFIELDS];   /* where each field's slot is in a Clause object */
    PyObject *section, *paragraph, *unlabelled, *unlabelled_prefix, *statuses,
             *label_of, *element_type, *empty, *newline, *no_notes;
} g;

typedef struct {
    PyObject *notes;        /* the section's notes, in document order */
    int depth;
} Walk;

/* A growing byte buffer, on the stack while small. */
typedef struct { char *p; size_t n, cap; char small[512]; } Buf;

static void buf_init(Buf *b) { b->p = b->small; b->n = 0; b->cap = sizeof b->small; }
static void buf_free(Buf *b) { if (b->p != b->small) PyMem_Free(b->p); }

static int buf_add(Buf *b, const char *s, size_t len)
{
    if (len > b->cap - b->n) {
        size_t cap = b->cap;
        while (len > cap - b->n) {
            if (cap > (size_t)PY_SSIZE_T_MAX / 2) { PyErr_NoMemory(); return -1; }
            cap *= 2;
        }
        char *p = b->p == b->small ? PyMem_Malloc(cap) : PyMem_Realloc(b->p, cap);
        if (!p) { PyErr_NoMemory(); return -1; }
        if (b->p == b->small) memcpy(p, b->small, b->n);
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    return 0;
}

/* An element's tag as lxml's "{href}name" compares: namespace and name. */
static int classify(const xmlNode *el)
{
    const char *href = el->ns && el->ns->href ? (const char *)el->ns->href : NULL;
    const char *name = (const char *)el->name;
    if (!href || !name) return T_OTHER;
    if (!strcmp(href, DC)) {
        for (size_t i = 0; i < sizeof DC_TAGS / sizeof DC_TAGS[0]; i++)
            if (!strcmp(name, DC_TAGS[i].name)) return DC_TAGS[i].kind;
        return T_OTHER;
    }
    /* Python tests tag.startswith("{" CODIFY "}"): the href is CODIFY, or begins CODIFY "}" */
    size_t n = sizeof CODIFY - 1;
    if (!strncmp(href, CODIFY, n) && (href[n] == '\0' || href[n] == '}')) return T_CODIFY;
    if (!strcmp(href, XINCLUDE) && !strcmp(name, "include")) return T_XINCLUDE;
    return T_OTHER;
}

static int is_layout(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Text that is only layout (Python's isspace() also takes other spaces: those give up). */
static int layout_only(const xmlChar *s)
{
    for (; s && *s; s++) if (!is_layout((char)*s)) return 0;
    return 1;
}

/* lxml's sourceline (xmlGetLineNo) is the node's own line below 65,535; 0 for None. */
static int line_of(const xmlNode *el, long *line)
{
    if (el->line >= BIG_LINE) return 0;
    *line = el->line;
    return 1;
}

/* An attribute without namespace as lxml's get() gives it: 1 (value set), 0 absent, -1 when its
 * value is not one plain text node, or when it is absent but a DOCTYPE could give it a default
 * (get() looks there: given up). */
static int attr(const xmlNode *el, const char *name, const char **value)
{
    for (const xmlAttr *a = el->properties; a; a = a->next) {
        if (a->ns || !a->name || strcmp((const char *)a->name, name)) continue;
        const xmlNode *t = a->children;
        if (!t) { *value = ""; return 1; }
        if (t->type != XML_TEXT_NODE || t->next) return -1;
        *value = t->content ? (const char *)t->content : "";
        return 1;
    }
    return el->doc && (el->doc->intSubset || el->doc->extSubset) ? -1 : 0;
}

static PyObject *flat(Walk *w, const xmlNode *el, int depth);

/* Append a note unless empty; 0 or -1. depth: how deep el is (a note inside a note's text is one
 * level deeper, so that nested annotations cannot exhaust the C stack). */
static int note(Walk *w, const xmlNode *el, int depth)
{
    PyObject *text = flat(w, el, depth);
    if (!text) return -1;
    int rc = PyUnicode_GET_LENGTH(text) ? PyList_Append(w->notes, text) : 0;
    Py_DECREF(text);
    return rc;
}

/* Gather el's text into b: inline markup in place, '\0' around other elements (a line break:
 * XML text never holds a NUL), notes taken out. 0, or -1 (error set, or given up). */
static int collect(Walk *w, const xmlNode *el, Buf *b, int depth)
{
    if (depth > MAX_DEPTH) return -1;
    for (const xmlNode *c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            const char *text = (const char *)c->content;
            if (text && buf_add(b, text, strlen(text))) return -1;
            continue;
        }
        if (c->type != XML_ELEMENT_NODE) return -1;   /* comment, CDATA, PI …: Python's */
        switch (classify(c)) {
        case T_INLINE:
            if (collect(w, c, b, depth + 1)) return -1;
            break;
        case T_ANNOTATION: case T_ANNOTATIONS: case T_CODIFY:
            if (note(w, c, depth + 1)) return -1;
            break;
        default:
            if (buf_add(b, "", 1) || collect(w, c, b, depth + 1) || buf_add(b, "", 1)) return -1;
        }
    }
    return 0;
}

/* In place: each '\0'-separated line squeezed, empty lines dropped, the rest joined by '\n'.
 * Never writes ahead of what it has read (a line's separator takes a break's place). */
static size_t squeeze_lines(char *p, size_t n)
{
    size_t out = 0, i = 0;
    while (i <= n) {
        size_t mark = out;
        if (out) p[out++] = '\n';
        size_t begin = out;
        int space = 0;
        for (; i < n && p[i] != '\0'; i++) {
            char c = p[i];
            if (is_layout(c)) { space = out > begin; continue; }
            if (space) { p[out++] = ' '; space = 0; }
            p[out++] = c;
        }
        if (out == begin) out = mark;
        i++;
    }
    return out;
}

/* Whether squeeze_lines would change anything: most texts (nine in ten) have no layout to
 * squeeze, and libc's memchr and memmem scan them far faster than the byte loop. */
static int needs_squeeze(const char *p, size_t n)
{
    return n && (is_layout(p[0]) || is_layout(p[n - 1]) || memchr(p, '\0', n)
                 || memchr(p, '\n', n) || memchr(p, '\t', n) || memchr(p, '\r', n)
                 || memmem(p, n, "  ", 2));
}

/* dcxml_text.flat: an element's words as one string (new reference), or NULL. depth: el's, which
 * every recursion (clause, inline element, note in a note) raises, MAX_DEPTH bounding it. */
static PyObject *flat(Walk *w, const xmlNode *el, int depth)
{
    Buf b;
    PyObject *text = NULL;
    buf_init(&b);
    if (collect(w, el, &b, depth) == 0) {
        size_t n = needs_squeeze(b.p, b.n) ? squeeze_lines(b.p, b.n) : b.n;
        if (!n) { text = g.empty; Py_INCREF(text); }
        else if (!(text = PyUnicode_DecodeUTF8(b.p, (Py_ssize_t)n, NULL))
                 && PyErr_ExceptionMatches(PyExc_UnicodeDecodeError))
            PyErr_Clear();   /* not UTF-8 (libxml2 never gives that): Python's to judge */
    }
    buf_free(&b);
    return text;
}

/* parent + (key,), a new tuple. */
static PyObject *extend(PyObject *parent, PyObject *key)
{
    Py_ssize_t n = PyTuple_GET_SIZE(parent);
    PyObject *path = PyTuple_New(n + 1);
    if (!path) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(parent, i);
        Py_INCREF(item);
        PyTuple_SET_ITEM(path, i, item);
    }
    Py_INCREF(key);
    PyTuple_SET_ITEM(path, n, key);
    return path;
}

/* The frozen Clause that Clause.of(kind, label, path, …, status) gives, built as Clause.of
 * builds it (its slots stored directly, no __init__, no __setattr__), without a Python call. */
static PyObject *make(PyObject *kind, PyObject *label, PyObject *path, PyObject *marker,
                      PyObject *heading, PyObject *text, PyObject *notes, PyObject *children,
                      long line, int printed, PyObject *status)
{
    PyObject *number = PyLong_FromLong(line);
    if (!number) return NULL;
    PyObject *clause = g.clause_type->tp_alloc(g.clause_type, 0);
    PyObject *values[NFIELDS] = {kind, label, path, marker, heading, text, notes, children,
                                 number, printed ? Py_True : Py_False, status};
    for (size_t i = 0; clause && i < NFIELDS; i++)
        *(PyObject **)((char *)clause + g.offsets[i]) = Py_NewRef(values[i]);
    Py_DECREF(number);
    return clause;
}

/* A clause without designation, "¶N" (dcxml_walk._unlabelled). */
static PyObject *unlabelled(PyObject *parent, long *seq, long line, PyObject *text,
                            PyObject *heading, PyObject **key)
{
    PyObject *path = NULL, *clause = NULL;
    *key = PyUnicode_FromFormat("%U%ld", g.unlabelled_prefix, ++*seq);
    if (*key && (path = extend(parent, *key)))
        clause = make(g.unlabelled, g.empty, path, g.empty, heading, text, g.no_notes,
                      g.no_notes, line, 1, g.empty);
    Py_XDECREF(path);
    return clause;
}

/* Add a child clause (stolen) unless its path repeats a sibling's (Python warns: give up). */
static int add_child(PyObject *children, PyObject *keys, PyObject *clause, PyObject *key)
{
    int rc = -1;
    if (clause && key && !PySet_Contains(keys, key) && !PySet_Add(keys, key))
        rc = PyList_Append(children, clause);
    Py_XDECREF(clause);
    Py_XDECREF(key);
    return rc;
}

static PyObject *clause(Walk *w, const xmlNode *el, int section, PyObject *parent, long *seq,
                        PyObject **key);

/* Text met after sub-clauses, as one unlabelled clause (dcxml_walk._loose). */
static int flush(PyObject *pending, long line, PyObject *path, long *seq, PyObject *children,
                 PyObject *keys)
{
    if (!PyList_GET_SIZE(pending)) return 0;
    PyObject *key = NULL, *text = PyUnicode_Join(g.newline, pending);
    PyObject *loose = text ? unlabelled(path, seq, line, text, Py_None, &key) : NULL;
    Py_XDECREF(text);
    return add_child(children, keys, loose, key) || PyList_SetSlice(pending, 0, PY_SSIZE_T_MAX,
                                                                    NULL);
}

/* dcxml_walk._body: the children after a clause's head. 0, or -1 (error set, or given up). */
static int body(Walk *w, const xmlNode **rest, Py_ssize_t count, PyObject *path,
                PyObject *texts, PyObject *children, PyObject **status)
{
    long seq = 0, line = 0, first = 0;
    int rc = -1;
    PyObject *pending = PyList_New(0), *keys = PySet_New(NULL), *text = NULL;
    if (!pending || !keys) goto done;
    for (Py_ssize_t i = 0; i < count; i++) {
        const xmlNode *c = rest[i];
        PyObject *key = NULL, *child;
        int kind = classify(c);
        switch (kind) {
        case T_PARA:
            if (flush(pending, first, path, &seq, children, keys)) goto done;
            child = clause(w, c, 0, path, &seq, &key);
            Py_XINCREF(key);   /* borrowed from the clause's path; add_child releases one */
            if (add_child(children, keys, child, key)) goto done;
            break;
        case T_ANNOTATIONS:
            for (const xmlNode *a = c->children; a; a = a->next) {
                if (a->type == XML_ELEMENT_NODE) { if (note(w, a, w->depth + 1)) goto done; }
                else if (a->type != XML_TEXT_NODE) goto done;
            }
            break;
        case T_ANNOTATION: case T_CODIFY:
            if (note(w, c, w->depth)) goto done;
            break;
        case T_SUBHEADING:
            if (!line_of(c, &line) || !(text = flat(w, c, w->depth))) goto done;
            child = unlabelled(path, &seq, line, g.empty,
                               PyUnicode_GET_LENGTH(text) ? text : Py_None, &key);
            Py_CLEAR(text);
            if (add_child(children, keys, child, key)) goto done;
            break;
        case T_TEXT: case T_REASON: case T_AFTERTEXT:
            if (!line_of(c, &line) || !(text = flat(w, c, w->depth))) goto done;
            if (kind == T_REASON && !PyUnicode_GET_LENGTH(*status)) {
                PyObject *lower = PyObject_CallMethod(text, "lower", NULL);
                int known = lower ? PySet_Contains(g.statuses, lower) : -1;
                if (known != 1) { Py_XDECREF(lower); goto done; }   /* Python warns */
                Py_SETREF(*status, lower);
            }
            if (PyUnicode_GET_LENGTH(text)) {
                if (PyList_GET_SIZE(children)) {
                    if (!PyList_GET_SIZE(pending)) first = line;
                    if (PyList_Append(pending, text)) goto done;
                } else if (PyList_Append(texts, text)) goto done;
            }
            Py_CLEAR(text);
            break;
        default:   /* nested section or container, xi:include, unknown element: Python's */
            goto done;
        }
    }
    rc = flush(pending, first, path, &seq, children, keys);
done:
    Py_XDECREF(text);
    Py_XDECREF(pending);
    Py_XDECREF(keys);
    return rc;
}

/* dcxml_walk.read_clause for a section (section=1) or a paragraph of one: a new Clause, or
 * NULL (error set, or given up). *key: the last element of its path (borrowed). */
static PyObject *clause(Walk *w, const xmlNode *el, int section, PyObject *parent, long *seq,
                        PyObject **key)
{
    PyObject *texts = PyList_New(0), *children = PyList_New(0), *heading = NULL,
             *prefix = NULL, *num = NULL, *marker = NULL, *label = NULL, *path = NULL,
             *status = NULL, *text = NULL, *notes = NULL, *kids = NULL, *result = NULL, *kind;
    const xmlNode *num_el = NULL, *small[64], **rest = small;
    Py_ssize_t count = 0, room = 64;
    long line;
    int printed = 1, undesignated, placeholder;
    const char *value;
    if (++w->depth > MAX_DEPTH || !texts || !children || !line_of(el, &line)) goto done;
    for (const xmlNode *c = el->children; c; c = c->next) {   /* the head */
        if (c->type == XML_TEXT_NODE) {
            if (!layout_only(c->content)) goto done;   /* stray text: Python warns */
            continue;
        }
        if (c->type != XML_ELEMENT_NODE) goto done;
        int tag = classify(c);
        if (tag == T_TEXT && !count) {
            if (!(text = flat(w, c, w->depth))) goto done;
            if (PyUnicode_GET_LENGTH(text) && PyList_Append(texts, text)) goto done;
            Py_CLEAR(text);
        } else if (tag == T_NUM && !num_el) {
            num_el = c;
        } else if (tag == T_HEADING && (!heading || heading == Py_None)) {
            Py_XDECREF(heading);
            if (!(heading = flat(w, c, w->depth))) goto done;
            if (!PyUnicode_GET_LENGTH(heading)) Py_SETREF(heading, Py_NewRef(Py_None));
        } else if (tag == T_PREFIX && !prefix) {
            if (!(prefix = flat(w, c, w->depth))) goto done;
        } else if (tag == T_INCLUDE) {
            goto done;   /* quoted matter: Python unwraps it */
        } else {
            if (count == room) {
                const xmlNode **more = PyMem_Malloc(2 * (size_t)room * sizeof *more);
                if (!more) { PyErr_NoMemory(); goto done; }
                memcpy(more, rest, (size_t)count * sizeof *more);
                if (rest != small) PyMem_Free(rest);
                rest = more;
                room *= 2;
            }
            rest[count++] = c;
        }
    }
    if (!heading) heading = Py_NewRef(Py_None);
    if (num_el) { if (!(num = flat(w, num_el, w->depth))) goto done; }
    else num = Py_NewRef(g.empty);
    if (prefix && PyUnicode_GET_LENGTH(prefix) && PyUnicode_GET_LENGTH(num))
        marker = PyUnicode_FromFormat("%U %U", prefix, num);
    else
        marker = Py_NewRef(prefix && PyUnicode_GET_LENGTH(prefix) ? prefix : num);
    if (!marker) goto done;
    undesignated = num_el ? attr(num_el, "undesignated", &value) : 0;
    if (undesignated < 0) goto done;
    undesignated = undesignated && !strcmp(value, "true");
    if (section) {
        kind = g.section;
        /* Python code runs here, the tree's node pointers held: safe while no other thread
         * changes the tree, which ordiff's reader never shares. */
        label = PyObject_CallOneArg(g.label_of, num);
        if (label && !PyUnicode_Check(label)) {
            PyErr_SetString(PyExc_TypeError, "configure()'s label_of must return a str");
            goto done;
        }
        if (!label || !PyUnicode_GET_LENGTH(label)) goto done;   /* no number: Python raises */
        path = PyTuple_Pack(1, label);
    } else if (PyUnicode_GET_LENGTH(num) && !undesignated) {
        kind = g.paragraph;
        label = Py_NewRef(num);
        path = extend(parent, num);
    } else {
        if (num_el && !undesignated) goto done;   /* an empty num: Python warns */
        kind = g.unlabelled;
        label = Py_NewRef(g.empty);
        PyObject *number = PyUnicode_FromFormat("%U%ld", g.unlabelled_prefix, ++*seq);
        path = number ? extend(parent, number) : NULL;
        Py_XDECREF(number);
        printed = !PyUnicode_GET_LENGTH(num);
    }
    if (!path) goto done;
    placeholder = attr(el, "placeholder", &value);
    if (placeholder < 0) goto done;
    if (placeholder && *value) {
        PyObject *raw = PyUnicode_DecodeUTF8(value, (Py_ssize_t)strlen(value), NULL);
        if (!raw && PyErr_ExceptionMatches(PyExc_UnicodeDecodeError))
            PyErr_Clear();   /* as in flat(): not UTF-8, Python's to judge */
        status = raw ? PyObject_CallMethod(raw, "lower", NULL) : NULL;
        Py_XDECREF(raw);
        if (!status) goto done;
    } else status = Py_NewRef(g.empty);
    if (count && body(w, rest, count, path, texts, children, &status)) goto done;
    if (!(text = PyUnicode_Join(g.newline, texts))) goto done;
    notes = section ? PyList_AsTuple(w->notes) : Py_NewRef(g.no_notes);
    if (!notes || !(kids = PyList_AsTuple(children))) goto done;
    result = make(kind, label, path, marker, heading, text, notes, kids, line, printed, status);
    if (result) *key = PyTuple_GET_ITEM(path, PyTuple_GET_SIZE(path) - 1);
done:
    if (rest != small) PyMem_Free(rest);
    Py_XDECREF(texts); Py_XDECREF(children); Py_XDECREF(heading); Py_XDECREF(prefix);
    Py_XDECREF(num); Py_XDECREF(marker); Py_XDECREF(label); Py_XDECREF(path);
    Py_XDECREF(status); Py_XDECREF(text); Py_XDECREF(notes); Py_XDECREF(kids);
    w->depth--;
    return result;
}

/* section(element): the section's Clause, or None when the Python walk must read it. */
static PyObject *walk_section(PyObject *module, PyObject *element)
{
    if (!g.clause_type) {
        PyErr_SetString(PyExc_RuntimeError, "ordiff._dcwalk.configure() was not called");
        return NULL;
    }
    if (!PyObject_TypeCheck(element, (PyTypeObject *)g.element_type)) {
        PyErr_SetString(PyExc_TypeError, "section() takes an lxml element");
        return NULL;
    }
    const xmlNode *el = ((struct LxmlElement *)element)->_c_node;
    if (!el || el->type != XML_ELEMENT_NODE || classify(el) != T_SECTION) Py_RETURN_NONE;
    Walk w = {PyList_New(0), 0};
    if (!w.notes) return NULL;
    long seq = 0;
    PyObject *key, *result = clause(&w, el, 1, NULL, &seq, &key);
    Py_DECREF(w.notes);
    if (result || PyErr_Occurred()) return result;
    Py_RETURN_NONE;
}

/* Where each field of the clause class is stored: its __slots__ member descriptors, which must
 * be exactly FIELDS, each an object slot, and all the object holds. 0, or -1 with ImportError. */
static int clause_layout(PyTypeObject *type, PyObject *fields, Py_ssize_t *offsets)
{
    int ok = PyTuple_Check(fields) && PyTuple_GET_SIZE(fields) == (Py_ssize_t)NFIELDS
             && !type->tp_itemsize && !type->tp_dictoffset && !type->tp_weaklistoffset
             && (size_t)type->tp_basicsize == sizeof(PyObject) + NFIELDS * sizeof(PyObject *);
    for (size_t i = 0; ok && i < NFIELDS; i++) {
        PyObject *name = PyTuple_GET_ITEM(fields, i);
        PyObject *slot = PyUnicode_Check(name) && !PyUnicode_CompareWithASCIIString(
            name, FIELDS[i]) ? PyObject_GetAttr((PyObject *)type, name) : NULL;
        PyErr_Clear();
        ok = slot && Py_IS_TYPE(slot, &PyMemberDescr_Type)
             && ((PyMemberDescrObject *)slot)->d_member->type == T_OBJECT_EX;
        if (ok) offsets[i] = ((PyMemberDescrObject *)slot)->d_member->offset;
        Py_XDECREF(slot);
    }
    if (!ok) PyErr_SetString(PyExc_ImportError, "the Clause class is not the one "
                             "ordiff._dcwalk fills: rebuild it (pip install -e .)");
    return ok ? 0 : -1;
}

/* configure(clause_type, fields, kinds, unlabelled_prefix, statuses, label_of, element_type,
 * probe). Checks that lxml's element object has the layout this module was compiled against
 * (its size, and a probe element read through _c_node), so that another lxml cannot be
 * misread, and that Clause has the fields make() fills. */
static PyObject *configure(PyObject *module, PyObject *args)
{
    PyObject *clause_type, *fields, *section, *paragraph, *unlabelled_kind, *prefix, *statuses,
             *label_of, *type, *probe;
    Py_ssize_t offsets[NFIELDS];
    if (!PyArg_ParseTuple(args, "O!O(OOO)UO!OO!O", &PyType_Type, &clause_type, &fields,
                          &section, &paragraph, &unlabelled_kind, &prefix, &PyFrozenSet_Type,
                          &statuses, &label_of, &PyType_Type, &type, &probe)) {
        /* An ImportError, which dcxml_walk takes as "no accelerator": a build older than the
         * Python calling it must not make ordiff unusable until rebuilt. */
        PyErr_SetString(PyExc_ImportError, "ordiff._dcwalk.configure() was given other "
                        "arguments than it was built for: rebuild it (pip install -e .)");
        return NULL;
    }
    if (clause_layout((PyTypeObject *)clause_type, fields, offsets)) return NULL;
    const xmlNode *node = NULL;
    if (((PyTypeObject *)type)->tp_basicsize == (Py_ssize_t)sizeof(struct LxmlElement)
            && PyObject_TypeCheck(probe, (PyTypeObject *)type))
        node = ((struct LxmlElement *)probe)->_c_node;
    if (!node || node->type != XML_ELEMENT_NODE || !node->name
            || strcmp((const char *)node->name, "ordiff-probe") || !node->children
            || node->children->type != XML_TEXT_NODE || !node->children->content
            || strcmp((const char *)node->children->content, "probe")) {
        PyErr_SetString(PyExc_ImportError, "lxml's element layout is not the one "
                        "ordiff._dcwalk was built against: rebuild it (pip install -e .)");
        return NULL;
    }
    PyObject *values[] = {clause_type, section, paragraph, unlabelled_kind, prefix, statuses,
                          label_of, type};
    PyObject **slots[] = {(PyObject **)&g.clause_type, &g.section, &g.paragraph, &g.unlabelled,
                          &g.unlabelled_prefix, &g.statuses, &g.label_of, &g.element_type};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        Py_XSETREF(*slots[i], Py_NewRef(values[i]));
    memcpy(g.offsets, offsets, sizeof offsets);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS, "Give the walk its clause class and constants."},
    {"section", walk_section, METH_O, "A <section> element's Clause, or None: read it in Python."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._dcwalk",
    "The D.C. Code reader's walk over libxml2's tree, in C (see ordiff/dcxml_walk.py).", -1,
    methods};

PyMODINIT_FUNC PyInit__dcwalk(void)
{
    /* Made once per process (a second import after a failed one makes only what is missing). */
    if (!g.empty) g.empty = PyUnicode_New(0, 0);
    if (!g.newline) g.newline = PyUnicode_FromString("\n");
    if (!g.no_notes) g.no_notes = PyTuple_New(0);
    if (!g.empty || !g.newline || !g.no_notes) return NULL;
    return PyModule_Create(&module_def);
}
