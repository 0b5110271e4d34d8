// Package facts holds what source adapters learned about the world: plain data,
// no behaviour beyond small accessors. Sources fill it; recipes read it.
package facts
