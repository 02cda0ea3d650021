/*
 * PDFium calls repeated over a page's characters or objects, made from C in one call a list.
 *
 * Part of the compiled build only (see setup.py); gyokaku.extract.pdfium_bulk makes the same
 * calls through ctypes when this extension is missing, and gives the same lists either way.
 * A ctypes call costs a few thousand instructions, far more than what most of these PDFium
 * functions do; a page of a report needs thousands of them.
 *
 * PDFium is not linked here: Python passes the address of each function (taken from
 * pypdfium2's own bindings) with the handles, so building needs neither PDFium's headers nor
 * its library.  Every function address and handle is a Python int; a null function address
 * is refused, null handles are PDFium's to refuse (it returns a failure for them).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>

typedef void *(*ObjectAt)(void *, int);       /* FPDFText_GetTextObject, FPDFPage_GetObject */
typedef int (*FloatsAt)(void *, int, float *); /* FPDFText_GetLooseCharBox, FPDFText_GetMatrix */
typedef int (*IntOf)(void *);                  /* FPDFPageObj_GetType */
typedef void *(*PointerOf)(void *);            /* FPDFTextObj_GetFont */
typedef int (*FloatOf)(void *, float *);       /* FPDFTextObj_GetFontSize */

#define MAX_FLOATS 6

static int
to_pointer(PyObject *value, void *out)
{
    void *pointer = PyLong_AsVoidPtr(value);
    if (pointer == NULL && PyErr_Occurred()) {
        return 0;
    }
    *(void **)out = pointer;
    return 1;
}

static int
to_function(PyObject *value, void *out)
{
    if (!to_pointer(value, out)) {
        return 0;
    }
    if (*(void **)out == NULL) {
        PyErr_SetString(PyExc_ValueError, "a null function address");
        return 0;
    }
    return 1;
}

static PyObject *
floats_tuple(const float *values, int width)
{
    PyObject *item = PyTuple_New(width);
    if (item == NULL) {
        return NULL;
    }
    for (int k = 0; k < width; k++) {
        PyObject *value = PyFloat_FromDouble((double)values[k]);
        if (value == NULL) {
            Py_DECREF(item);
            return NULL;
        }
        PyTuple_SET_ITEM(item, k, value);
    }
    return item;
}

/* The int at ``position`` of a sequence from PySequence_Fast; -1 with an exception set when
 * it is not one. */
static int
index_at(PyObject *sequence, Py_ssize_t position, int *index)
{
    long value = PyLong_AsLong(PySequence_Fast_GET_ITEM(sequence, position));
    if (value == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (value < INT_MIN || value > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "an index out of the range of int");
        return -1;
    }
    *index = (int)value;
    return 0;
}

static PyObject *
objects_at(PyObject *module, PyObject *args)
{
    void *function, *handle;
    PyObject *indexes;
    if (!PyArg_ParseTuple(args, "O&O&O", to_function, &function, to_pointer, &handle,
                          &indexes)) {
        return NULL;
    }
    PyObject *sequence = PySequence_Fast(indexes, "indexes must be a sequence");
    if (sequence == NULL) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence);
    PyObject *result = PyList_New(count);
    if (result == NULL) {
        Py_DECREF(sequence);
        return NULL;
    }
    for (Py_ssize_t position = 0; position < count; position++) {
        int index;
        if (index_at(sequence, position, &index) < 0) {
            goto failed;
        }
        PyObject *item = PyLong_FromVoidPtr(((ObjectAt)function)(handle, index));
        if (item == NULL) {
            goto failed;
        }
        PyList_SET_ITEM(result, position, item);
    }
    Py_DECREF(sequence);
    return result;
failed:
    Py_DECREF(sequence);
    Py_DECREF(result);
    return NULL;
}

static PyObject *
floats_at(PyObject *module, PyObject *args)
{
    void *function, *handle;
    PyObject *indexes;
    int width;
    if (!PyArg_ParseTuple(args, "O&O&Oi", to_function, &function, to_pointer, &handle,
                          &indexes, &width)) {
        return NULL;
    }
    if (width < 1 || width > MAX_FLOATS) {
        PyErr_Format(PyExc_ValueError, "width must be 1 to %d", MAX_FLOATS);
        return NULL;
    }
    PyObject *sequence = PySequence_Fast(indexes, "indexes must be a sequence");
    if (sequence == NULL) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence);
    PyObject *result = PyList_New(count);
    if (result == NULL) {
        Py_DECREF(sequence);
        return NULL;
    }
    float values[MAX_FLOATS];
    for (Py_ssize_t position = 0; position < count; position++) {
        int index;
        if (index_at(sequence, position, &index) < 0) {
            goto failed;
        }
        PyObject *item;
        if (((FloatsAt)function)(handle, index, values)) {
            item = floats_tuple(values, width);
            if (item == NULL) {
                goto failed;
            }
        }
        else {
            item = Py_NewRef(Py_None);
        }
        PyList_SET_ITEM(result, position, item);
    }
    Py_DECREF(sequence);
    return result;
failed:
    Py_DECREF(sequence);
    Py_DECREF(result);
    return NULL;
}

/* One value for each object of a sequence of handles, by ``kind``: 'i' an int, 'p' a
 * pointer (0 for null), 'f' a float read through an out-parameter (None on failure). */
static PyObject *
of_objects(PyObject *args, char kind)
{
    void *function;
    PyObject *objects;
    if (!PyArg_ParseTuple(args, "O&O", to_function, &function, &objects)) {
        return NULL;
    }
    PyObject *sequence = PySequence_Fast(objects, "objects must be a sequence");
    if (sequence == NULL) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence);
    PyObject *result = PyList_New(count);
    if (result == NULL) {
        Py_DECREF(sequence);
        return NULL;
    }
    for (Py_ssize_t position = 0; position < count; position++) {
        void *object;
        if (!to_pointer(PySequence_Fast_GET_ITEM(sequence, position), &object)) {
            goto failed;
        }
        PyObject *item;
        if (kind == 'i') {
            item = PyLong_FromLong(((IntOf)function)(object));
        }
        else if (kind == 'p') {
            item = PyLong_FromVoidPtr(((PointerOf)function)(object));
        }
        else {
            float value;
            item = ((FloatOf)function)(object, &value) ? PyFloat_FromDouble((double)value)
                                                       : Py_NewRef(Py_None);
        }
        if (item == NULL) {
            goto failed;
        }
        PyList_SET_ITEM(result, position, item);
    }
    Py_DECREF(sequence);
    return result;
failed:
    Py_DECREF(sequence);
    Py_DECREF(result);
    return NULL;
}

static PyObject *
ints_of(PyObject *module, PyObject *args)
{
    return of_objects(args, 'i');
}

static PyObject *
pointers_of(PyObject *module, PyObject *args)
{
    return of_objects(args, 'p');
}

static PyObject *
floats_of(PyObject *module, PyObject *args)
{
    return of_objects(args, 'f');
}

static PyMethodDef methods[] = {
    {"objects_at", objects_at, METH_VARARGS,
     "objects_at(function, handle, indexes): [function(handle, i) for i in indexes], "
     "pointers as ints (0 for null)."},
    {"floats_at", floats_at, METH_VARARGS,
     "floats_at(function, handle, indexes, width): for each index, the width floats "
     "function(handle, index, out) wrote, as a tuple, or None when it returned false."},
    {"ints_of", ints_of, METH_VARARGS,
     "ints_of(function, objects): [function(object) for object in objects]."},
    {"pointers_of", pointers_of, METH_VARARGS,
     "pointers_of(function, objects): [function(object) for object in objects], "
     "pointers as ints (0 for null)."},
    {"floats_of", floats_of, METH_VARARGS,
     "floats_of(function, objects): for each object, the float function(object, out) wrote, "
     "or None when it returned false."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "gyokaku.extract._pdfium_bulk",
    .m_doc = "PDFium calls repeated over a page's characters or objects, made from C "
             "(see gyokaku.extract.pdfium_bulk).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__pdfium_bulk(void)
{
    return PyModule_Create(&module);
}
