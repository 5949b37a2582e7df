/* The JSON writer's line of a comparison's change record in C (record_lines): the same line as
 * the general writer in ordiff/json_records.py (record(), the reference), which loads and
 * configures this module, character for character: strings as json's encode_basestring writes
 * them, the similarity as repr(float). A record is read from its slots only for the types
 * configure_lines() accepts, and while getattr would still read them there; a record with
 * anything else (a kind or op not configured, an int similarity, a path that is not a tuple of
 * strs, ...) is left to Python (None), which writes it or raises as it always did.
 */
#include "_accel.h"
#include "_jsonout.h"

static const char *const CHANGE_FIELDS[CHANGE_SLOTS] = CHANGE_FIELD_NAMES;
enum { KIND, OLD, NEW, HEADING, TEXT, AMENDED, SIMILARITY };  /* CHANGE_FIELDS' order */
enum { SPAN_OP, SPAN_TEXT, SPAN_IGNORED, SPAN_FIELDS };        /* a Span's items */
#define MOST_MEMBERS 16     /* ChangeKind has 10, Op 5 */

/* An enum's members with the text each is written as (identity: any other value is left to
 * Python, whose dict lookup decides). */
typedef struct {
    PyObject *member[MOST_MEMBERS], *text[MOST_MEMBERS];    /* owned */
    int count;
} Members;

typedef struct {
    PyObject *path;         /* "path", interned */
    PyObject *names[CHANGE_SLOTS];          /* CHANGE_FIELDS, interned */
    PyObject *span_names[SPAN_FIELDS];      /* "op", "text", "ignored", interned */
    Fields clause;          /* how a clause's path is read from the clause type last seen */
    /* the types and values from configure_lines() (NULL before): */
    PyTypeObject *change_type, *span_type;
    PyObject *equal;        /* Op.EQUAL */
    Members kinds, ops;
    Py_ssize_t change_offsets[CHANGE_SLOTS];
    unsigned int change_version, span_version;  /* their version tags when last checked */
    PyObject *span_fields[SPAN_FIELDS];     /* what Span.op, .text, .ignored were (owned) */
} State;

/* Whether getattr reads each of a record type's fields from an object slot of its own (a
 * member descriptor of the type itself, found first on its MRO: _PyType_Lookup, no code
 * runs). Their offsets, if so. */
static int change_slots(State *state, PyTypeObject *change, Py_ssize_t *offsets)
{
    if (change->tp_getattro != PyObject_GenericGetAttr) return 0;
    for (int i = 0; i < CHANGE_SLOTS; i++) {
        PyObject *slot = _PyType_Lookup(change, state->names[i]);  /* borrowed */
        if (!slot || !Py_IS_TYPE(slot, &PyMemberDescr_Type) || PyDescr_TYPE(slot) != change
                || ((PyMemberDescrObject *)slot)->d_member->type != T_OBJECT_EX)
            return 0;
        offsets[i] = ((PyMemberDescrObject *)slot)->d_member->offset;
    }
    return 1;
}

static void members_clear(Members *m)
{
    for (int i = 0; i < m->count; i++) {
        Py_CLEAR(m->member[i]);
        Py_CLEAR(m->text[i]);
    }
    m->count = 0;
}

/* The members of a dict of enum member -> str (at most MOST_MEMBERS): 0, or -1 with TypeError. */
static int members_of(PyObject *dict, Members *m)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    m->count = 0;
    if (!PyDict_Check(dict) || PyDict_GET_SIZE(dict) > MOST_MEMBERS) {
        PyErr_SetString(PyExc_TypeError, "the texts of kinds and ops must be a small dict");
        return -1;
    }
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (!PyUnicode_CheckExact(value)) {
            members_clear(m);
            PyErr_SetString(PyExc_TypeError, "a kind's or op's text must be a str");
            return -1;
        }
        m->member[m->count] = Py_NewRef(key);
        m->text[m->count++] = Py_NewRef(value);
    }
    return 0;
}

/* The text member is written as, borrowed, or NULL if it is none of the members. */
static PyObject *member_text(const Members *m, PyObject *member)
{
    for (int i = 0; i < m->count; i++)
        if (m->member[i] == member) return m->text[i];
    return NULL;
}

/* configure_lines(ClauseChange, Span, Op.EQUAL, kind_text, op_text): the record and span types
 * read and the text of each kind and op; TypeError (and nothing kept) if the types are not laid
 * out as expected. */
static PyObject *configure_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity("configure_lines", nargs, 5)) return NULL;
    State *state = PyModule_GetState(module);
    Py_ssize_t offsets[CHANGE_SLOTS];
    Members kinds, ops;
    if (!PyType_Check(args[0]) || !PyType_Check(args[1])
            || !change_slots(state, (PyTypeObject *)args[0], offsets)
            || !span_layout((PyTypeObject *)args[1])) {
        PyErr_SetString(PyExc_TypeError, "the record or span type is not laid out as "
                        "ordiff._jsonlines expects (the Python version is used)");
        return NULL;
    }
    if (members_of(args[3], &kinds) < 0) return NULL;
    if (members_of(args[4], &ops) < 0) {
        members_clear(&kinds);
        return NULL;
    }
    Py_XSETREF(state->change_type, (PyTypeObject *)Py_NewRef(args[0]));
    Py_XSETREF(state->span_type, (PyTypeObject *)Py_NewRef(args[1]));
    Py_XSETREF(state->equal, Py_NewRef(args[2]));
    members_clear(&state->kinds);
    members_clear(&state->ops);
    state->kinds = kinds;
    state->ops = ops;
    memcpy(state->change_offsets, offsets, sizeof offsets);
    for (int i = 0; i < SPAN_FIELDS; i++) {
        PyObject *read = _PyType_Lookup(state->span_type, state->span_names[i]);  /* borrowed */
        Py_XSETREF(state->span_fields[i], Py_XNewRef(read));
    }
    state->change_version = state->span_version = 0;
    Py_RETURN_NONE;
}

/* Whether getattr reads a record's fields from their slots and a span's op, text and ignored
 * are what they were at configure_lines(): checked again (_PyType_Lookup: no code runs)
 * whenever either type's attributes changed since the last check. */
static int types_kept(State *state)
{
    PyTypeObject *change = state->change_type, *span = state->span_type;
    if (type_kept(change, state->change_version) && type_kept(span, state->span_version))
        return 1;
    Py_ssize_t offsets[CHANGE_SLOTS];
    if (span->tp_getattro != PyObject_GenericGetAttr || !change_slots(state, change, offsets)
            || memcmp(offsets, state->change_offsets, sizeof offsets))
        return 0;
    for (int i = 0; i < SPAN_FIELDS; i++)
        if (!state->span_fields[i]
                || _PyType_Lookup(span, state->span_names[i]) != state->span_fields[i])
            return 0;
    int valid = (change->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG)
                && (span->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG);
    state->change_version = valid ? change->tp_version_tag : 0;
    state->span_version = valid ? span->tp_version_tag : 0;
    return 1;
}

/* ---- writing --------------------------------------------------------------------------- */

/* "[" + ", ".join(map(encode_basestring, path)) + "]", or null without a clause. */
static void put_path(Out *o, PyObject *path)
{
    if (!path) {
        put_ascii(o, "null");
        return;
    }
    put_ascii(o, "[");
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(path); i++) {
        if (i) put_ascii(o, ", ");
        put_quoted(o, PyTuple_GET_ITEM(path, i));
    }
    put_ascii(o, "]");
}

/* A diff's spans: [["op", "text"], ["op", "text", true] where ignored, ...]. */
static void put_spans(Out *o, State *state, PyObject *spans)
{
    put_ascii(o, "[");
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(spans); i++) {
        PyObject *span = PyTuple_GET_ITEM(spans, i);
        put_ascii(o, i ? ", [\"" : "[\"");
        put_raw(o, member_text(&state->ops, PyTuple_GET_ITEM(span, SPAN_OP)));
        put_ascii(o, "\", ");
        put_quoted(o, PyTuple_GET_ITEM(span, SPAN_TEXT));
        put_ascii(o, PyTuple_GET_ITEM(span, SPAN_IGNORED) == Py_True ? ", true]" : "]");
    }
    put_ascii(o, "]");
}

/* ---- a record ---------------------------------------------------------------------------- */

/* A record's fields and what its line is written from, read and checked once. */
typedef struct {
    PyObject *fields[CHANGE_SLOTS];     /* owned */
    PyObject *old_path, *new_path;      /* owned, NULL without a clause */
    PyObject *kind;                     /* its text, borrowed from the state */
    char *similarity;                   /* repr(similarity), PyMem */
    int heading, text;                  /* whether the heading's and text's ops are written */
} Record;

static void record_free(Record *r)
{
    for (int i = 0; i < CHANGE_SLOTS; i++) Py_XDECREF(r->fields[i]);
    Py_XDECREF(r->old_path);
    Py_XDECREF(r->new_path);
    PyMem_Free(r->similarity);
}

/* Whether spans (a record's heading or text) are written as Python writes them: 1 if they are
 * changed (any op not Op.EQUAL) and so written, 0 if not, -1 if anything is not as C knows it
 * (a tuple of Spans of 3 items, configured ops and, when written, strs and bools). */
static int spans_written(State *state, PyObject *spans)
{
    if (!PyTuple_CheckExact(spans)) return -1;
    int changed = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(spans); i++) {
        PyObject *span = PyTuple_GET_ITEM(spans, i);
        if (!Py_IS_TYPE(span, state->span_type) || PyTuple_GET_SIZE(span) != SPAN_FIELDS
                || !member_text(&state->ops, PyTuple_GET_ITEM(span, SPAN_OP)))
            return -1;
        changed |= PyTuple_GET_ITEM(span, SPAN_OP) != state->equal;
    }
    for (Py_ssize_t i = 0; changed && i < PyTuple_GET_SIZE(spans); i++) {
        PyObject *span = PyTuple_GET_ITEM(spans, i), *ignored = PyTuple_GET_ITEM(span, 2);
        if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(span, SPAN_TEXT))
                || (ignored != Py_True && ignored != Py_False))
            return -1;
    }
    return changed;
}

/* A clause's path (a new reference) if it is a tuple of strs, Py_None if it is something else
 * (left to Python), NULL with getattr's error. */
static PyObject *path_of(State *state, PyObject *clause)
{
    PyObject *path = field(&state->clause, clause, 0);
    if (!path) return NULL;
    int plain = PyTuple_CheckExact(path);
    for (Py_ssize_t i = 0; plain && i < PyTuple_GET_SIZE(path); i++)
        plain = PyUnicode_CheckExact(PyTuple_GET_ITEM(path, i));
    if (!plain) Py_SETREF(path, Py_NewRef(Py_None));
    return path;
}

/* Reads a record: 1, 0 if it is left to Python, -1 on error (r is freed by the caller). */
static int read_record(State *state, PyObject *change, Record *r)
{
    if (!Py_IS_TYPE(change, state->change_type)) return 0;
    for (int i = 0; i < CHANGE_SLOTS; i++) {
        PyObject *value = *(PyObject **)((char *)change + state->change_offsets[i]);
        if (!value) return 0;   /* unset: Python raises AttributeError */
        r->fields[i] = Py_NewRef(value);
    }
    PyObject *amended = r->fields[AMENDED], *similarity = r->fields[SIMILARITY];
    if (!(r->kind = member_text(&state->kinds, r->fields[KIND]))
            || (amended != Py_True && amended != Py_False) || !PyFloat_CheckExact(similarity)
            || (r->heading = spans_written(state, r->fields[HEADING])) < 0
            || (r->text = spans_written(state, r->fields[TEXT])) < 0)
        return 0;
    PyObject *old = r->fields[OLD], *new = r->fields[NEW];
    if (old != Py_None && !(r->old_path = path_of(state, old))) return -1;
    if (new == old) r->new_path = Py_XNewRef(r->old_path);
    else if (new != Py_None && !(r->new_path = path_of(state, new))) return -1;
    if (r->old_path == Py_None || r->new_path == Py_None) return 0;
    r->similarity = PyOS_double_to_string(PyFloat_AS_DOUBLE(similarity), 'r', 0,
                                          Py_DTSF_ADD_DOT_0, NULL);
    return r->similarity ? 1 : -1;
}

static void put_record(Out *o, State *state, const Record *r)
{
    put_ascii(o, "{\"kind\": \"");
    put_raw(o, r->kind);
    put_ascii(o, "\", \"old_path\": ");
    put_path(o, r->old_path);
    put_ascii(o, ", \"new_path\": ");
    put_path(o, r->new_path);
    put_ascii(o, r->fields[AMENDED] == Py_True ? ", \"amended\": true" : ", \"amended\": false");
    put_ascii(o, ", \"similarity\": ");
    put_ascii(o, r->similarity);
    if (r->heading) {
        put_ascii(o, ", \"heading_ops\": ");
        put_spans(o, state, r->fields[HEADING]);
    }
    if (r->text) {
        put_ascii(o, ", \"ops\": ");
        put_spans(o, state, r->fields[TEXT]);
    }
    put_ascii(o, "}");
}

/* The line of one record, None where it is left to Python, NULL on error. */
static PyObject *record_line(State *state, PyObject *change)
{
    Record r = {0};
    Py_INCREF(change);  /* (a path property may drop the record) */
    int read = read_record(state, change, &r);
    PyObject *line = read < 0 ? NULL : Py_NewRef(Py_None);
    if (read > 0) {
        Out measured = {.widest = 127};
        put_record(&measured, state, &r);
        Py_SETREF(line, PyUnicode_New(measured.at, measured.widest));
        if (line) {
            Out out = {.kind = PyUnicode_KIND(line), .data = PyUnicode_DATA(line)};
            put_record(&out, state, &r);
        }
    }
    record_free(&r);
    Py_DECREF(change);
    return line;
}

/* record_lines(changes): for each record (a tuple or list of them) its JSON line, or None
 * where it is left to Python (json_records.record writes it). */
static PyObject *record_lines(PyObject *module, PyObject *changes)
{
    State *state = PyModule_GetState(module);
    if (!state->change_type) {
        PyErr_SetString(PyExc_RuntimeError, "record_lines() before configure_lines()");
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
    {"configure_lines", FASTCALL(configure_lines), METH_FASTCALL,
     "Sets the record and span types and the texts of kinds and ops the lines are written with."},
    {"record_lines", record_lines, METH_O,
     "Each record's JSON line, or None where it is left to Python."},
    {NULL, NULL, 0, NULL}};

static const char *const SPAN_NAMES[SPAN_FIELDS] = {"op", "text", "ignored"};

static int exec_module(PyObject *module)
{
    State *state = PyModule_GetState(module);
    for (int i = 0; i < CHANGE_SLOTS; i++)
        if (!(state->names[i] = PyUnicode_InternFromString(CHANGE_FIELDS[i]))) return -1;
    for (int i = 0; i < SPAN_FIELDS; i++)
        if (!(state->span_names[i] = PyUnicode_InternFromString(SPAN_NAMES[i]))) return -1;
    if (!(state->path = PyUnicode_InternFromString("path"))) return -1;
    state->clause = (Fields){.names = {state->path}, .count = 1};
    return 0;
}

static int traverse(PyObject *module, visitproc visit, void *arg)
{
    State *state = PyModule_GetState(module);
    for (int i = 0; i < CHANGE_SLOTS; i++) Py_VISIT(state->names[i]);
    for (int i = 0; i < SPAN_FIELDS; i++) {
        Py_VISIT(state->span_names[i]);
        Py_VISIT(state->span_fields[i]);
    }
    for (int i = 0; i < state->kinds.count; i++) Py_VISIT(state->kinds.member[i]);
    for (int i = 0; i < state->ops.count; i++) Py_VISIT(state->ops.member[i]);
    Py_VISIT(state->path);
    Py_VISIT(state->clause.type);
    Py_VISIT(state->change_type);
    Py_VISIT(state->span_type);
    Py_VISIT(state->equal);
    return 0;
}

static int clear(PyObject *module)
{
    State *state = PyModule_GetState(module);
    for (int i = 0; i < CHANGE_SLOTS; i++) Py_CLEAR(state->names[i]);
    for (int i = 0; i < SPAN_FIELDS; i++) {
        Py_CLEAR(state->span_names[i]);
        Py_CLEAR(state->span_fields[i]);
    }
    members_clear(&state->kinds);
    members_clear(&state->ops);
    Py_CLEAR(state->path);
    Py_CLEAR(state->clause.type);
    Py_CLEAR(state->change_type);
    Py_CLEAR(state->span_type);
    Py_CLEAR(state->equal);
    return 0;
}

static void free_module(void *module) { clear((PyObject *)module); }

static PyModuleDef_Slot slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._jsonlines",
    "The JSON writer's lines of records in C (see ordiff/json_records.py).", sizeof(State),
    methods, slots, traverse, clear, free_module};

PyMODINIT_FUNC PyInit__jsonlines(void) { return PyModuleDef_Init(&module_def); }
