package org.defaulterivr; public class Main { public static void main(String[] a){} }
