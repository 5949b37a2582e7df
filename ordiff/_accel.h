/* What ordiff's optional C accelerators share (_words.c, _multisets.c, _candidates.c,
 * _trees.c, _records.c, _jsonlines.c): each module includes this header once, and every helper
 * is static inline, so that a module compiles in only what it uses.
 *
 * Exactness, not approximation, is their contract (ordiff/wordsets.py says why, and holds each
 * C function to its Python reference): floating point is done in Python's order, one rounding
 * per operation, and a clause's field is read from its slot only where getattr would read just
 * that slot.
 */
#ifndef ORDIFF_ACCEL_H
#define ORDIFF_ACCEL_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <limits.h>
#include <stddef.h>         /* offsetof */
#include <string.h>         /* memcpy */
#include <structmember.h>   /* T_OBJECT_EX, PY_AUDIT_READ: how a __slots__ field is stored */

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "double expressions must be evaluated in double, as Python's floats are (no x87 excess)"
#endif

#define EXACT (1LL << 53)   /* every int up to this magnitude is exactly a double */

/* A METH_FASTCALL function as a PyMethodDef wants it. */
#define FASTCALL(f) (PyCFunction)(void (*)(void))(f)

static inline int arity(const char *name, Py_ssize_t given, Py_ssize_t wanted)
{
    if (given == wanted) return 1;
    PyErr_Format(PyExc_TypeError, "%s() takes exactly %zd arguments (%zd given)", name, wanted,
                 given);
    return 0;
}

static inline int is_dict(PyObject *obj, const char *what)
{
    if (PyDict_Check(obj)) return 1;
    PyErr_Format(PyExc_TypeError, "%s must be a dict (a Counter), not %.200s", what,
                 Py_TYPE(obj)->tp_name);
    return 0;
}

static inline int is_list(PyObject *obj, const char *what)
{
    if (PyList_Check(obj)) return 1;
    PyErr_Format(PyExc_TypeError, "%s must be a list, not %.200s", what, Py_TYPE(obj)->tp_name);
    return 0;
}

/* lists[n] as Python indexes a list (a negative n counts from the end), borrowed. */
static inline PyObject *item(PyObject *list, Py_ssize_t n)
{
    Py_ssize_t length = PyList_GET_SIZE(list);
    Py_ssize_t at = n < 0 ? n + length : n;
    if (at < 0 || at >= length) {
        PyErr_SetString(PyExc_IndexError, "list index out of range");
        return NULL;
    }
    return PyList_GET_ITEM(list, at);
}

/* n as a list index, as Python takes one (TypeError if not an integer): 0 on error. */
static inline int index_of(PyObject *n, Py_ssize_t *at)
{
    if (!PyIndex_Check(n)) {
        PyErr_Format(PyExc_TypeError, "list indices must be integers or slices, not %.200s",
                     Py_TYPE(n)->tp_name);
        return 0;
    }
    *at = PyNumber_AsSsize_t(n, PyExc_IndexError);
    return !(*at == -1 && PyErr_Occurred());
}

/* A word count as a long long that is exactly a double (|count| <= 2**53). */
static inline int word_count(PyObject *obj, const char *what, long long *out)
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

static inline int as_double(PyObject *obj, double *out)
{
    *out = PyFloat_AsDouble(obj);
    return !(*out == -1.0 && PyErr_Occurred());
}

/* Whether a type's attributes are as when last checked (its version tag, 0: never). */
static inline int type_kept(PyTypeObject *type, unsigned int version)
{
    return version && (type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG)
           && type->tp_version_tag == version;
}

/* Whether getattr on an instance of type reads each field from an object slot: type has the
 * generic getattr, and the attribute it finds first on type's MRO (_PyType_Lookup, as
 * PyObject_GenericGetAttr does; no code runs) is a member descriptor of an object slot, which
 * as a data descriptor comes before an instance's __dict__. Its offsets, if so. */
static inline int slots_of(PyTypeObject *type, PyObject *const *names, Py_ssize_t *offsets,
                           int count)
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

#define MOST_FIELDS 3

/* How a clause's fields are read: where getattr would read a __slots__ member (see
 * slots_of), the slot is read directly (its value, or AttributeError when it is unset, from
 * getattr), else getattr is called. The clause type last seen is remembered (Clause), and
 * checked again whenever it, or anything set on it since, differs: its version tag changes
 * then. */
typedef struct {
    PyObject *names[MOST_FIELDS];   /* interned, borrowed from the module's state */
    int count;
    PyTypeObject *type;         /* the last clause type seen (owned), or NULL */
    unsigned int version;       /* its version tag then (0: checked on every read) */
    int direct;                 /* whether its slots are read directly, at offsets */
    Py_ssize_t offsets[MOST_FIELDS];
} Fields;

/* A field's slot, where f->direct says the clause's type has one: its value, or NULL if unset. */
#define SLOT(f, clause, which) (*(PyObject **)((char *)(clause) + (f)->offsets[which]))

/* getattr(clause, f->names[which]): a new reference, or NULL with the error getattr raises. */
static inline PyObject *field(Fields *f, PyObject *clause, int which)
{
    PyTypeObject *type = Py_TYPE(clause);
    if (type != f->type || !type_kept(type, f->version)) {
        f->direct = slots_of(type, f->names, f->offsets, f->count);
        Py_XSETREF(f->type, (PyTypeObject *)Py_NewRef(type));
        /* (slots_of's _PyType_Lookup gave the type a version tag, if it can have one) */
        f->version = type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG ? type->tp_version_tag : 0;
        if (!f->version) f->direct = 0;
    }
    if (f->direct) {
        PyObject *value = SLOT(f, clause, which);
        if (value) return Py_NewRef(value);
    }
    return PyObject_GetAttr(clause, f->names[which]);
}

/* ClauseChange's fields, in the order of its slots' values in ClauseChange.of (a module that
 * reads or fills them names them with `static const char *const
 * CHANGE_FIELDS[CHANGE_SLOTS] = CHANGE_FIELD_NAMES;`). */
#define CHANGE_SLOTS 7
#define CHANGE_FIELD_NAMES {"kind", "old", "new", "heading", "text", "amended", "similarity"}

/* Whether a span type is a tuple subclass made as tuple.__new__ makes one (tp_alloc with the
 * items after a tuple's header): no slots, __dict__ or __weakref__ of its own. */
static inline int span_layout(PyTypeObject *type)
{
    return PyType_IsSubtype(type, &PyTuple_Type) && type->tp_alloc == PyType_GenericAlloc
           && type->tp_basicsize == PyTuple_Type.tp_basicsize
           && type->tp_itemsize == PyTuple_Type.tp_itemsize && !type->tp_dictoffset
           && !type->tp_weaklistoffset;
}

#endif
