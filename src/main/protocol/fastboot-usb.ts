/**
 * Wire facts of U-Boot's fastboot gadget (data only; host and virtual board each read them from U-Boot).
 * ST's boards give the fastboot gadget 0483:0afb (`g_dnl_bind_fixup` in ST's board/st/stm32mp1/stm32mp1.c and
 * stm32mp2/stm32mp2.c, `STM32MP1_G_DNL_FASTBOOT_PRODUCT_NUM`; STM32PRG-TOOLBOX-FB's udev rule and .inf).
 * `f_fastboot.c` declares one interface of class 0xff, subclass 0x42, protocol 0x03 with a bulk IN and a bulk
 * OUT endpoint (512-byte packets at High Speed, 64 at Full Speed).
 */
export const stFastbootUsbId = { vendorId: 0x0483, productId: 0x0afb } as const;

export const fastbootInterfaceClass = { class: 0xff, subClass: 0x42, protocol: 0x03 } as const;
