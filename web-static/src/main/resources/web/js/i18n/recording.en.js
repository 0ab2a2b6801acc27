// en: recording strings (issue D)
export default {
};
