/*
 * The kernel debug console and its printf subset. The UART is written by
 * polling: kernel output is for debugging and panics, where interrupts
 * cannot be relied on.
 */
#include "console.h"

#include <stddef.h>

#include "arch/sbi.h"

#define UART_THR 0      /* transmit holding register */
#define UART_LSR 5      /* line status register */
#define UART_LSR_THRE 0x20

struct console {
    volatile uint8_t *uart;     /* NULL until console_init_uart */
};

/* The one console; it exists before any object can be passed around. */
static struct console console;

void console_init_uart(uintptr_t base_va)
{
    console.uart = (volatile uint8_t *)base_va;
}

static void uart_putc(volatile uint8_t *uart, char c)
{
    while ((uart[UART_LSR] & UART_LSR_THRE) == 0)
        ;
    uart[UART_THR] = (uint8_t)c;
}

void console_putc(char c)
{
    if (c == '\n')
        console_putc('\r');
    if (console.uart)
        uart_putc(console.uart, c);
    else
        sbi_console_putchar(c);
}

static void put_str(const char *s)
{
    while (*s)
        console_putc(*s++);
}

static void put_num(unsigned long v, unsigned base, int width, char pad)
{
    char buf[24];
    int n = 0;

    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v && n < (int)sizeof(buf));
    while (width-- > n)
        console_putc(pad);
    while (n > 0)
        console_putc(buf[--n]);
}

void kvprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            console_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, is_long = 0;
        if (*fmt == '0')
            pad = '0', fmt++;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == 'l')
            is_long = 1, fmt++;
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = 0;
            if (s == NULL)
                s = "(null)";
            while (s[n])
                n++;
            while (width-- > n)
                console_putc(' ');
            put_str(s);
            break;
        }
        case 'c':
            console_putc((char)va_arg(ap, int));
            break;
        case 'd': {
            long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            if (v < 0) {
                console_putc('-');
                v = -v;
            }
            put_num((unsigned long)v, 10, width, pad);
            break;
        }
        case 'u':
            put_num(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, width, pad);
            break;
        case 'x':
            put_num(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, width, pad);
            break;
        case 'p':
            put_str("0x");
            put_num((unsigned long)va_arg(ap, void *), 16, 16, '0');
            break;
        case '%':
            console_putc('%');
            break;
        default:
            console_putc('?');
            break;
        }
        if (*fmt == '\0')
            break;
    }
}

void kprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}
