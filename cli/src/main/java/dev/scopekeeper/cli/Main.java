package dev.scopekeeper.cli; public class Main { public static void main(String[] a){} }
