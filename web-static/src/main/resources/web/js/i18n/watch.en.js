// en: watch strings (issue D)
export default {
};
